import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { startLineServer } from './fixtures/line-server.js';
import { runLoadCli } from './fixtures/run-cli.js';

const server = await startLineServer();
after(() => server.close());

const isCount = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
const isNumber = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

function assertStats(stats: Record<string, unknown>, where: string): void {
  for (const key of ['clients', 'requests', 'notServed', 'wrongAnswers', 'errors', 'unfinished']) {
    assert.ok(isCount(stats[key]), `${where}.${key} is a count`);
  }
  assert.ok(isNumber(stats.reqPerSec), `${where}.reqPerSec`);
  const latency = stats.latencyUs as Record<string, unknown>;
  for (const key of ['samples', 'min', 'mean', 'stdev', 'p50', 'p90', 'p99', 'p99_9', 'max']) {
    assert.ok(isNumber(latency[key]), `${where}.latencyUs.${key}`);
  }
  assert.ok(
    (latency.p50 as number) <= (latency.p99 as number) && (latency.p99 as number) <= (latency.max as number),
  );
  // The whole histogram, HDR's compressed base64, decodes to the same figures as the summary.
  assert.equal(typeof stats.latencyHistogram, 'string', `${where}.latencyHistogram`);
  const histogram = decodeFromCompressedBase64(stats.latencyHistogram as string);
  assert.equal(histogram.totalCount, latency.samples, `${where}: one recorded latency per sample`);
  assert.equal(histogram.getValueAtPercentile(50), latency.p50);
  assert.equal(histogram.getValueAtPercentile(99.9), latency.p99_9);
  assert.equal(histogram.maxValue, latency.max);
  histogram.destroy();
  assert.deepEqual(Object.keys(stats.repliesPerClient as object), ['min', 'max']);
  assert.deepEqual(Object.keys(stats.errorReplies as object).sort(), [
    'EBUSY',
    'EINTERNAL',
    'EINVAL',
    'ERANGE',
    'ESHUTDOWN',
    'ETIMEDOUT',
    'ETOOLONG',
    'other',
  ]);
  assert.deepEqual(Object.keys(stats.connectionFailures as object), ['connect', 'lost']);
}

test('--json prints one JSON document (schemaVersion 1) on stdout and nothing else', async () => {
  const result = await runLoadCli([
    '--port',
    String(server.port),
    '--clients',
    '2',
    '--warmup',
    '0.2',
    '--duration',
    '0.5',
    '--json',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as Record<string, unknown>;
  assert.equal(report.schemaVersion, 1);
  assert.deepEqual(report.target, { host: '127.0.0.1', ports: [server.port] });
  assert.ok(!Number.isNaN(Date.parse(report.startedAt as string)));
  assert.equal(report.warmupS, 0.2);
  assert.equal(report.durationS, 0.5);
  assert.ok(isNumber(report.graceS));
  assert.equal(report.clients, 2);

  const groups = report.groups as Record<string, unknown>[];
  assert.equal(groups.length, 1);
  const group = groups[0] as Record<string, unknown>;
  assert.equal(group.name, 'n=1 ×2');
  assert.equal(group.n, 1);
  assert.deepEqual(group.ports, [server.port]);
  assertStats(group, 'groups[0]');
  assert.deepEqual(group.wrongSamples, []);
  const clients = group.clientReports as Record<string, unknown>[];
  assert.equal(clients.length, 2);
  for (const c of clients) {
    assert.equal(c.state, 'connected');
    assert.ok(isCount(c.client) && isCount(c.replies) && isCount(c.errors) && isCount(c.wrongAnswers));
    assert.ok(isCount(c.reads) && (c.reads as number) >= (c.replies as number), 'reads');
    assert.equal(typeof c.unfinished, 'boolean');
    assert.equal(c.lost, null);
  }
  assertStats(report.total as Record<string, unknown>, 'total');

  const usage = report.loadGenerator as Record<string, unknown>;
  assert.ok(isNumber(usage.cpuPercent));
  assert.equal(usage.workers, 2);
  assert.ok(isCount(usage.cores));
  assert.equal((usage.eventLoopUtilization as unknown[]).length, 2);
  for (const u of usage.eventLoopUtilization as unknown[]) assert.ok(isNumber(u) && (u as number) <= 1);
  assert.equal(typeof (report.environment as Record<string, unknown>).node, 'string');
  assert.ok(Array.isArray(report.warnings));
});
