/**
 * The merge of several load hosts' figures, on figures made here: percentiles come from the added
 * histograms (never an average of the hosts' percentiles), counts are summed, a host that was its
 * own ceiling is named, and hosts whose starts lie too far apart are flagged (by compare too).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarise } from '../ts/compare/analyse/summary.js';
import { loadHostsOutOfStep } from '../ts/compare/measure/run.js';
import { describeEnvironment } from '../ts/environment.js';
import { emptyErrorCounts } from '../ts/load/client-connection.js';
import { createLatencyHistogram, encodeHistogram } from '../ts/load/histogram.js';
import { type HostPart, mergeHostParts } from '../ts/load/host-merge.js';
import { splitAcrossHosts } from '../ts/load/host-split.js';
import { planLoad } from '../ts/load/plan.js';
import type { LoadOptions } from '../ts/load/types.js';
import { sliceRecord } from './helpers/slice-record.js';

const OPTIONS: LoadOptions = { groups: [{ n: 1, clients: 2 }], durationS: 1 };

/** One host's part: one worker whose one client got replies taking each of `latenciesUs`. */
function part(
  index: number,
  options: LoadOptions,
  latenciesUs: number[],
  at: { startedAtMs: number; offsetMs: number; busy: number },
): HostPart {
  const histogram = createLatencyHistogram();
  for (const us of latenciesUs) histogram.recordValue(us);
  const client = index; // each host runs one client: its number in a single generator's plan
  return {
    host: `host${index}`,
    options,
    clock: { offsetMs: at.offsetMs, errorMs: 0.1 },
    figures: {
      figures: [
        {
          type: 'result',
          eventLoopUtilization: at.busy,
          groups: [
            {
              group: 0,
              histogram: encodeHistogram(histogram),
              errorReplies: emptyErrorCounts(),
              wrongSamples: [],
            },
          ],
          clients: [
            {
              group: 0,
              report: {
                state: 'connected',
                client,
                port: 25000,
                replies: latenciesUs.length,
                errors: 0,
                reads: latenciesUs.length,
                wrongAnswers: 0,
                unfinished: false,
                lost: null,
              },
            },
          ],
        },
      ],
      usage: { cpuPercent: at.busy * 100, workers: 1, cores: 8, eventLoopUtilization: [at.busy] },
      startedAt: new Date(at.startedAtMs).toISOString(),
      startedAtMs: at.startedAtMs + at.offsetMs,
      environment: describeEnvironment(),
    },
  };
}

test('percentiles come from the added histograms: a fast host and a slow one are not averaged', () => {
  const [a, b] = splitAcrossHosts(OPTIONS, 2) as [LoadOptions, LoadOptions];
  // 100 replies at 100 µs on one host, 100 at 10,000 µs on the other.
  const fast = part(0, a, Array(100).fill(100), { startedAtMs: 1_000_000, offsetMs: 0, busy: 0.2 });
  const slow = part(1, b, Array(100).fill(10_000), { startedAtMs: 1_000_000, offsetMs: 5000, busy: 0.2 });
  const report = mergeHostParts(planLoad(OPTIONS), [fast, slow], describeEnvironment());
  assert.equal(report.total.requests, 200);
  assert.equal(report.total.latencyUs?.samples, 200);
  // Half the replies took 100 µs: p50 is 100 µs, p99 is 10 ms (an average of the hosts' p99s would be ~5 ms).
  assert.equal(report.total.latencyUs?.p50, 100);
  assert.ok(
    Math.abs((report.total.latencyUs?.p99 ?? 0) - 10_000) <= 10,
    `p99 ${report.total.latencyUs?.p99}`,
  );
  assert.deepEqual(
    report.groups[0]?.clientReports.map((c) => c.client),
    [0, 1],
  );
  // Each host's own part is kept beside the merge, its histogram too.
  assert.deepEqual(
    report.loadHosts?.hosts.map((h) => [h.host, h.total.requests, h.total.latencyUs?.p50 === 100]),
    [
      ['host0', 100, true],
      ['host1', 100, false],
    ],
  );
  // The host whose clock reads 5 s ahead started at the same instant once its offset is taken off.
  assert.equal(report.loadHosts?.startSpreadMs, 0);
  assert.deepEqual(report.warnings, []);
  // Every host's generator added up at the top, each kept below.
  assert.equal(report.loadGenerator.workers, 2);
  assert.equal(report.loadGenerator.cpuPercent, 40);
});

test('a saturated host is named; hosts that started too far apart are flagged', () => {
  const [a, b] = splitAcrossHosts(OPTIONS, 2) as [LoadOptions, LoadOptions];
  const steady = part(0, a, Array(200).fill(100), { startedAtMs: 1_000_000, offsetMs: 0, busy: 0.3 });
  // 30 ms late in a 1 s window (the flag starts at 1 %) and its one worker 97 % busy.
  const late = part(1, b, Array(200).fill(100), { startedAtMs: 1_000_030, offsetMs: -20, busy: 0.97 });
  const report = mergeHostParts(planLoad(OPTIONS), [steady, late], describeEnvironment());
  assert.equal(report.loadHosts?.startSpreadMs, 30);
  assert.deepEqual(
    report.loadHosts?.hosts.map((h) => h.startMs),
    [0, 30],
  );
  assert.deepEqual(
    report.warnings.map((w) => w.code),
    ['load-generator-saturated', 'load-hosts-out-of-step'],
  );
  assert.match(report.warnings[0]?.message ?? '', /^load host host1: load generator saturated/);
  assert.match(report.warnings[1]?.message ?? '', /started 30\.0 ms apart, 3\.0 % of the 1 s window/);
});

/** A compare record of one slice measured from two load hosts, the second `lateMs` behind and `busy` % of its one thread. */
function hostsRecord(round: number, lateMs: number, busy: number) {
  return sliceRecord({
    variant: 'event-loop',
    scenario: 'io',
    clients: 2,
    n: 1,
    round,
    reqPerSec: 1000,
    latencyMs: { p50: 1, p90: 1, p99: 1, max: 1 },
    serverCpu: 50,
    cpuUsPerReply: 10,
    serverRssMiB: 50,
    // Added up, the two hosts look half busy: only each host's own figure shows the one at its ceiling.
    clientCpu: 10 + busy,
    clientWorkers: 2,
    durationS: 1,
    loadHosts: [
      { host: 'a', clients: 1, clientCpu: 10, workers: 1, startMs: 0 },
      { host: 'b', clients: 1, clientCpu: busy, workers: 1, startMs: lateMs },
    ],
  });
}

test('compare: a slice whose hosts started too far apart is said; a saturated host counts though the sum looks idle', () => {
  assert.equal(loadHostsOutOfStep(hostsRecord(0, 5, 20)), undefined, '5 ms of a 1 s window is in step');
  assert.equal(
    loadHostsOutOfStep(hostsRecord(0, 25, 20)),
    'the load hosts started 25.0 ms apart, 2.5 % of the window',
  );
  const [cell] = summarise([hostsRecord(0, 0, 95), hostsRecord(1, 0, 20)]);
  assert.equal(cell?.clientSaturated, 1);
});
