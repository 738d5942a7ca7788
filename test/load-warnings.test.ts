/**
 * The warning rules on constructed reports (the figures a run cannot produce on demand, such as
 * a saturated generator), and the few-samples warning from a real run whose count is known.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runLoad, WARNING_THRESHOLDS } from '../dist/load/index.js';
import type { GroupReport, LoadGeneratorUsage, LoadReport, Stats } from '../dist/load/types.js';
import { findWarnings } from '../dist/load/warnings.js';
import { correct, startLineServer } from './fixtures/line-server.js';

function stats(requests: number, errors = 0): Stats {
  return {
    clients: 1,
    requests,
    reqPerSec: requests,
    latencyUs: null,
    latencyHistogram: '',
    repliesPerClient: { min: requests, max: requests },
    notServed: requests + errors === 0 ? 1 : 0,
    wrongAnswers: 0,
    errors,
    errorReplies: {
      EINVAL: 0,
      ERANGE: errors,
      ETOOLONG: 0,
      EBUSY: 0,
      EINTERNAL: 0,
      ESHUTDOWN: 0,
      ETIMEDOUT: 0,
      other: 0,
    },
    connectionFailures: { connect: 0, lost: 0 },
    unfinished: 0,
  };
}

function report(usage: Partial<LoadGeneratorUsage>, requests = 10_000, errors = 0): LoadReport {
  const group: GroupReport = {
    ...stats(requests, errors),
    name: 'n=1 ×1',
    n: 1,
    ports: [25000],
    clientReports: [],
    wrongSamples: [],
  };
  return {
    schemaVersion: 1,
    target: { host: '127.0.0.1', ports: [25000] },
    startedAt: new Date(0).toISOString(),
    warmupS: 1,
    durationS: 1,
    graceS: 2,
    clients: 1,
    groups: [group],
    total: stats(requests, errors),
    loadGenerator: { cpuPercent: 10, workers: 1, cores: 2, eventLoopUtilization: [0.1], ...usage },
    environment: {} as LoadReport['environment'],
    warnings: [],
  };
}

const codes = (r: LoadReport) => findWarnings(r).map((w) => w.code);
const saturated = (usage: Partial<LoadGeneratorUsage>) =>
  codes(report(usage)).includes('load-generator-saturated');

test('saturation: a worker event loop busier than the threshold warns, a light one does not', () => {
  assert.equal(WARNING_THRESHOLDS.saturation, 0.9);
  assert.equal(saturated({ eventLoopUtilization: [0.1, 0.95], workers: 2 }), true);
  assert.equal(saturated({ eventLoopUtilization: [0.02, 0.03], workers: 2, cpuPercent: 5 }), false);
  assert.equal(saturated({ eventLoopUtilization: [0.89], workers: 1, cpuPercent: 89 }), false);
  const message = findWarnings(report({ eventLoopUtilization: [0.97], cpuPercent: 97 })).find(
    (w) => w.code === 'load-generator-saturated',
  )?.message;
  assert.match(message ?? '', /load generator saturated \(busiest worker 97 %, CPU 97 % of a core\)/);
});

test('saturation by CPU is measured against the cores the process can use, not the thread count', () => {
  // 2 workers on 2 cores: 190 % is 95 % of what the process can get.
  assert.equal(saturated({ workers: 2, cores: 2, cpuPercent: 190, eventLoopUtilization: [0.5, 0.5] }), true);
  // 4 workers on 2 cores can never pass 200 %: 190 % is saturation too (the old rule wanted 360 %).
  assert.equal(
    saturated({ workers: 4, cores: 2, cpuPercent: 190, eventLoopUtilization: [0.5, 0.5, 0.5, 0.5] }),
    true,
  );
  assert.equal(saturated({ workers: 2, cores: 2, cpuPercent: 150, eventLoopUtilization: [0.5, 0.5] }), false);
});

test('few samples: a handful of correct replies warns; none at all does not speak of percentiles', () => {
  assert.ok(codes(report({}, WARNING_THRESHOLDS.minSamples - 1)).includes('few-samples'));
  assert.ok(!codes(report({}, WARNING_THRESHOLDS.minSamples)).includes('few-samples'));
  // No correct reply: the not-served or no-correct-replies warning says what happened instead.
  assert.deepEqual(codes(report({}, 0)), ['not-served']);
  assert.deepEqual(codes(report({}, 0, 50)), ['no-correct-replies']);
  // Some correct replies among errors: the error count and the rough percentiles, both.
  assert.deepEqual(codes(report({}, 5, 50)), ['error-replies', 'few-samples']);
});

// Answers exactly 20 requests, then stays silent: the run measures exactly 20 correct replies.
const twenty = await startLineServer({
  reply: (line, answered) => (answered < 20 ? correct(line, answered) : null),
});
after(() => twenty.close());

test('a real run with 20 correct replies gets the few-samples warning, saying how many', async () => {
  const result = await runLoad({
    groups: [{ n: 1, clients: 1 }],
    ports: [twenty.port],
    warmupS: 0,
    durationS: 0.5,
    graceS: 0.1,
  });
  assert.equal(result.total.requests, 20);
  const warning = result.warnings.find((w) => w.code === 'few-samples');
  assert.match(
    warning?.message ?? '',
    /^only 20 correct replies measured: percentiles are rough, run longer$/,
  );
});
