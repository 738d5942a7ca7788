import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { loadOptions, parseTarget } from '../dist/load/options.js';
import { startLineServer } from './fixtures/line-server.js';
import { runLoadCli } from './fixtures/run-cli.js';

const a = await startLineServer();
const b = await startLineServer();
after(() => Promise.all([a.close(), b.close()]));

test('the target as HOST:PORT, with -c and -d and durations in ms, as autocannon and oha take them', async () => {
  const result = await runLoadCli([
    `127.0.0.1:${a.port}`,
    '-c',
    '2',
    '-d',
    '300ms',
    '--warmup',
    '100ms',
    '--grace',
    '1s',
    '--json',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report.target, { host: '127.0.0.1', ports: [a.port] });
  assert.equal(report.clients, 2);
  assert.equal(report.durationS, 0.3);
  assert.equal(report.warmupS, 0.1);
  assert.equal(report.graceS, 1);
  assert.ok(report.total.requests > 0);
  assert.equal(a.connections, 2);
});

test('HOST:PORT1,PORT2 spreads the clients over both ports; bare numbers are seconds', async () => {
  const before = [a.connections, b.connections];
  const result = await runLoadCli([
    `127.0.0.1:${a.port},${b.port}`,
    '--clients',
    '2',
    '--duration',
    '0.3',
    '--warmup',
    '0',
    '--json',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report.target.ports, [a.port, b.port]);
  assert.equal(report.durationS, 0.3);
  assert.equal(report.warmupS, 0);
  assert.deepEqual([a.connections - (before[0] as number), b.connections - (before[1] as number)], [1, 1]);
});

test('the forms of a target: host:port, host:p1,p2, [IPv6]:port', () => {
  assert.deepEqual(parseTarget('127.0.0.1:25000'), { host: '127.0.0.1', ports: [25000] });
  assert.deepEqual(parseTarget('localhost:25000,25001'), { host: 'localhost', ports: [25000, 25001] });
  assert.deepEqual(parseTarget('[::1]:25000'), { host: '::1', ports: [25000] });
  assert.deepEqual(parseTarget('[fe80::1%lo]:9'), { host: 'fe80::1%lo', ports: [9] });
  for (const bad of ['25000', ':25000', '[::1]', '[::1]25000', 'a:b:1', 'host:', 'host:1,', 'host:1:2']) {
    assert.throws(() => parseTarget(bad), { code: 'ERR_USAGE' }, bad);
  }
});

test('durations: 10s, 500ms, 2m and bare seconds all mean seconds', () => {
  const seconds = (text: string) => loadOptions({ duration: text }, []).durationS;
  assert.equal(seconds('10s'), 10);
  assert.equal(seconds('500ms'), 0.5);
  assert.equal(seconds('2m'), 120);
  assert.equal(seconds('1.5'), 1.5);
  assert.equal(loadOptions({ warmup: '0' }, []).warmupS, 0);
});
