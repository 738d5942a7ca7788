/** compare --load-host's report: each host's clients and generator CPU over the run, from the slices' records. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentOf } from '../ts/compare/analyse/document.js';
import { loadHostUse } from '../ts/compare/analyse/load-hosts.js';
import { renderReport } from '../ts/compare/render/tables.js';
import type { MeasuredRun, MeasurementRecord } from '../ts/compare/types.js';
import { sliceRecord } from './helpers/slice-record.js';

/** Two `local` hosts and one over ssh; the second local host's generator busier in every slice. */
function record(round: number): MeasurementRecord {
  return {
    ...sliceRecord({
      variant: 'event-loop',
      scenario: 'io',
      clients: 3,
      n: 1,
      round,
      reqPerSec: 30_000,
      latencyMs: { p50: 0.05, p90: 0.08, p99: 0.1, max: 1 },
      serverCpu: 90,
      cpuUsPerReply: 20,
      serverRssMiB: 60,
      clientCpu: 100,
      clientWorkers: 3,
      durationS: 0.4,
    }),
    loadHosts: [
      { host: 'local', clients: 1, clientCpu: 20 + round, workers: 1, startMs: 0 },
      { host: 'local', clients: 1, clientCpu: 60 + round * 10, workers: 1, startMs: 0.2 },
      { host: 'bench@10.0.0.7', clients: 1, clientCpu: 30, workers: 1, startMs: 0.4 },
    ],
  };
}

test('each load host: clients, worker threads, generator CPU median and highest; two local hosts are two', () => {
  const records = [0, 1, 2].map(record);
  assert.deepEqual(loadHostUse(records), [
    { host: 'local #1', clients: 1, cpuMedianPct: 21, cpuMaxPct: 22, workers: 1, slices: 3 },
    { host: 'local #2', clients: 1, cpuMedianPct: 70, cpuMaxPct: 80, workers: 1, slices: 3 },
    { host: 'bench@10.0.0.7', clients: 1, cpuMedianPct: 30, cpuMaxPct: 30, workers: 1, slices: 3 },
  ]);
  assert.deepEqual(loadHostUse([sliceRecordWithoutHosts()]), [], 'no --load-host: no section');
});

test('the report has a Load hosts section only when the load came from hosts', () => {
  const run: MeasuredRun = {
    environment: {
      date: '2026-12-04T00:00:00.000Z',
      cores: 2,
      cpuModel: 'test',
    } as MeasuredRun['environment'],
    records: [0, 1, 2].map(record),
    unavailable: [],
    runtimes: ['node'],
    nativeFibMs: 5,
    nativeLimitReqPerSec: 400,
  };
  const markdown = tablesOf(run);
  assert.match(markdown, /^#+ Load hosts$/m);
  assert.match(markdown, /\| local #2 +\| +1 \| +1 \| +70 % \| +80 % \| +3 \|/);
  const without = tablesOf({ ...run, records: [sliceRecordWithoutHosts()] });
  assert.doesNotMatch(without, /Load hosts/);
});

/** The report's tables of a run, as the .md file has them. */
function tablesOf(run: MeasuredRun): string {
  const document = documentOf(run, ['io'], [3]);
  const { summaries, unavailable, loadHosts } = document;
  const input = { summaries, unavailable, scenarios: ['io' as const], clientCounts: [3], runtimes: ['node'] };
  return renderReport(
    loadHosts === undefined ? input : { ...input, loadHosts },
    document.warnings,
    'markdown',
  );
}

function sliceRecordWithoutHosts(): MeasurementRecord {
  const { loadHosts: _, ...rest } = record(0);
  return rest;
}
