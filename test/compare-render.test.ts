/** compare's summaries, tables, warnings and headline, from records made here (no servers). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarise } from '../ts/compare/analyse/summary.js';
import { warningsOf } from '../ts/compare/analyse/warnings.js';
import { headline } from '../ts/compare/render/headline.js';
import { type ReportInput, renderReport } from '../ts/compare/render/tables.js';
import type { ScenarioName } from '../ts/compare/scenarios.js';
import type { MeasurementRecord } from '../ts/compare/types.js';
import { renderedWidth } from '../ts/render/table.js';
import { formatRatio } from '../ts/stats/index.js';
import { sliceRecord } from './helpers/slice-record.js';

function record(
  variant: string,
  scenario: ScenarioName,
  clients: number,
  round: number,
  reqPerSec: number,
  extra: Partial<MeasurementRecord> = {},
): MeasurementRecord {
  const n = scenario === 'io' ? 1 : scenario === 'cpu' ? 22 : 30;
  return sliceRecord({
    variant,
    scenario,
    clients,
    n,
    round,
    reqPerSec,
    latencyMs: { p50: 0.1, p90: 0.2, p99: 0.5, max: 1 },
    serverCpu: 90,
    cpuUsPerReply: 45,
    serverRssMiB: 60,
    clientCpu: 50,
    clientWorkers: clients,
    durationS: 1,
    ...extra,
  });
}

const records = (repeats: number): MeasurementRecord[] =>
  Array.from({ length: repeats }, (_, r) => [
    record('event-loop', 'io', 1, r, 10_000 + r * 1000),
    record('event-loop', 'io', 2, r, 20_000 + r * 1000),
    record('go', 'io', 1, r, 12_000),
    record('go', 'io', 2, r, 22_000),
    record('cluster', 'io', 1, r, 11_000),
    record('cluster', 'io', 2, r, 40_000),
    record('sequential', 'io', 1, r, 9_000),
    record('sequential', 'io', 2, r, 9_000, { notServed: 1 }),
  ]).flat();

const input = (summaries: ReturnType<typeof summarise>, extra: Partial<ReportInput> = {}): ReportInput => ({
  summaries,
  unavailable: [],
  scenarios: ['io'],
  clientCounts: [1, 2],
  runtimes: ['node'],
  ...extra,
});

test('medians with their range over rounds, and × event-loop / × Go as paired ratios with 95 % intervals', () => {
  const summaries = summarise(records(3));
  const cluster = summaries.find((s) => s.variant === 'cluster' && s.clients === 2);
  assert.deepEqual(cluster?.reqPerSec, { median: 40_000, min: 40_000, max: 40_000 });
  // Paired by round: 40,000 ÷ {20,000, 21,000, 22,000}; the geometric mean of the three ratios.
  const expected = Math.cbrt((40 / 20) * (40 / 21) * (40 / 22));
  assert.ok(Math.abs((cluster?.vsEventLoop?.estimate ?? 0) - expected) < 1e-9);
  assert.equal(cluster?.vsEventLoop?.pairs, 3);
  assert.equal(cluster?.vsEventLoop?.significance, 'higher');
  const md = renderReport(input(summaries), []);
  assert.match(
    md,
    new RegExp(
      `\\| cluster +\\| +11,000 \\| +40,000 \\| +${formatRatio(cluster?.vsEventLoop as never).replace(/[()]/g, '\\$&')} \\|`,
    ),
  );
  assert.match(md, /\| event-loop +\| +11,000 \(10,000–12,000\) \| +21,000 \(20,000–22,000\) \| +1 \|/);
});

test('a ratio whose interval holds 1 is marked ~, as benchstat does', () => {
  // go vs cluster at 1 client: 12,000 vs 11,000 in every round is significant; make one side noisy around the other.
  const recs = [0, 1, 2, 3].flatMap((r) => [
    record('event-loop', 'io', 1, r, 10_000),
    record('go', 'io', 1, r, [9_000, 11_500, 9_500, 10_800][r] as number),
  ]);
  const go = summarise(recs).find((s) => s.variant === 'go');
  assert.equal(go?.vsEventLoop?.significance, '~');
  assert.match(
    renderReport(input(summarise(recs), { clientCounts: [1] }), []),
    /\| go \(go\) +\| +[\d,]+ \([\d,–]+\) \| +~ /,
  );
});

test('one round shows no range anywhere', () => {
  const md = renderReport(input(summarise(records(1))), []);
  assert.doesNotMatch(md, /\(\d[\d,.]*–/);
});

test('a client the server never answered is shown as such, never as a rate', () => {
  const md = renderReport(input(summarise(records(1))), []);
  assert.match(md, /\| sequential +\| +9,000 \| 9,000 · 1 of 2 not served \|/);
  const terminal = renderReport(input(summarise(records(1))), [], 'terminal');
  assert.match(terminal, /sequential +9,000 +9,000 · 1\/2 unserved/);
});

test('"not available" rows say why; a variant that failed while measured says failed', () => {
  const md = renderReport(
    input(summarise(records(1)), {
      unavailable: [
        { variant: 'py-one', runtime: 'node', reason: 'not installed: python3 is not on the PATH' },
        { variant: 'pool', runtime: 'node', reason: 'failed: exited (1) before it was ready' },
      ],
    }),
    [],
  );
  assert.match(md, /\| py-one \(python\) +\| +not available: not installed: python3 is not on the PATH \|/);
  assert.match(md, /\| pool +\| +failed: exited \(1\) before it was ready \|/);
});

test('warnings: wrong answers void a cell, a failed variant is named, one round says so, disturbed slices are named', () => {
  const recs = [...records(3), record('native-sync', 'io', 1, 0, 1, { wrongAnswers: 2 })];
  recs.push(record('native-sync', 'io', 1, 1, 100), record('native-sync', 'io', 1, 2, 300));
  const summaries = summarise(recs);
  const warnings = warningsOf(summaries, recs, [
    { variant: 'pool', runtime: 'bun', reason: 'failed: crashed' },
  ]);
  assert.ok(warnings.some((w) => /native-sync io 1 cl\.: 2 WRONG ANSWERS/.test(w)));
  assert.ok(warnings.some((w) => /pool on bun FAILED while measured \(crashed\)/.test(w)));
  const noisy = [
    ...recs,
    record('cluster', 'cpu', 2, 0, 5_000, {
      noise: { coreSeconds: 2, stealPct: 8, busyPct: 90, serverPct: 50, loadPct: 30, othersPct: 2 },
    }),
  ];
  assert.ok(
    warningsOf(summarise(noisy), noisy).some((w) =>
      /1 of \d+ cells had slices measured while the machine was disturbed \(steal, over 5 % steal or 10 % others\): cluster cpu 2 cl\. 1\/1/.test(
        w,
      ),
    ),
  );
  assert.ok(warningsOf(summarise(records(1)), records(1)).some((w) => /only 1 round/.test(w)));
  const md = renderReport(input(summaries), warnings);
  assert.match(md, /### Warnings\n\n- /);
});

test('the terminal report fits 120 columns; the Markdown keeps every column', () => {
  const summaries = summarise(records(3));
  const terminal = renderReport(input(summaries), ['a warning '.repeat(40)], 'terminal');
  assert.ok(renderedWidth(terminal) <= 120, `${renderedWidth(terminal)} columns`);
  assert.match(renderReport(input(summaries), []), /seed \(Python, talk’s machine\)/);
});

test('the headline states only what the run measured', () => {
  const lines = headline(summarise(records(3)));
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(
    lines[0] as string,
    /I\/O-bound \(n=1\), 2 clients: the fastest TypeScript server is cluster at 40,000 req\/s: 1\.82× \(1\.82–1\.82\) the Go peer; 1\.91× \([\d.]+–[\d.]+\) event-loop\./,
  );
});
