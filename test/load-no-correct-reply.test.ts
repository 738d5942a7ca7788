import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { formatLoadReport, runLoad } from '../dist/load/index.js';
import { startLineServer } from './fixtures/line-server.js';
import { runLoadCli } from './fixtures/run-cli.js';
import { startServer } from './helpers/server-process.js';

// Refuses every request, as a server capped below the n asked for does.
const refusing = await startLineServer({ reply: () => 'ERR ERANGE n must be at most 40\n' });
// Reads every request and never answers.
const silent = await startLineServer({ reply: () => null });
after(() => Promise.all([refusing.close(), silent.close()]));

const quick = ['--warmup', '0', '--duration', '300ms', '--grace', '200ms'];

test('a client answered only with ERR replies was served: errors, no "not served", no talk of percentiles', async () => {
  const report = await runLoad({
    groups: [{ n: 99, clients: 2 }],
    ports: [refusing.port],
    warmupS: 0,
    durationS: 0.3,
  });
  const { total } = report;
  assert.equal(total.requests, 0);
  assert.ok(total.errorReplies.ERANGE > 0);
  assert.equal(total.errors, total.errorReplies.ERANGE);
  assert.equal(total.notServed, 0, 'an ERR reply is a reply');
  assert.equal(total.latencyUs, null);
  const codes = report.warnings.map((w) => w.code);
  assert.deepEqual(codes, ['no-correct-replies']);
  assert.match(
    report.warnings[0]?.message ?? '',
    /^no correct reply: all [\d,]+ replies were errors \(ERANGE [\d,]+\)/,
  );
  const text = formatLoadReport(report);
  assert.match(text, /Not served\s+0 of 2\n/);
  assert.match(text, /Latency\s+— \(no correct reply: every reply was an error\)/);
  assert.doesNotMatch(text, /percentiles|NOT SERVED/);
});

test('fiblab load exits 3 when every reply is an error, and says so on stderr beside --json', async () => {
  const result = await runLoadCli([`127.0.0.1:${refusing.port}`, '--n', '99', ...quick, '--json']);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /^fiblab load: no correct reply: all \d+ replies were errors\n$/);
  const report = JSON.parse(result.stdout);
  assert.equal(report.total.requests, 0);
  assert.ok(report.total.errors > 0);
});

test('fiblab load exits 3 when nothing is answered at all; those clients are not served', async () => {
  const result = await runLoadCli([`127.0.0.1:${silent.port}`, '-c', '2', ...quick, '--json']);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /no correct reply: the server answered nothing in the measured window/);
  const report = JSON.parse(result.stdout);
  assert.equal(report.total.notServed, 2);
  assert.deepEqual(
    report.warnings.map((w: { code: string }) => w.code),
    ['not-served'],
    'no percentile warning about replies that do not exist',
  );
});

test('against a real server capped at --max-n 40, --n 99 is answered ERR ERANGE: served, exit 3', async () => {
  const server = await startServer('event-loop', ['--max-n', '40']);
  try {
    const result = await runLoadCli([`127.0.0.1:${server.port}`, '--n', '99', ...quick]);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stdout, /Not served\s+0 of 1\n/);
    assert.match(result.stdout, /Errors\s+[\d,]+\s+\(ERANGE [\d,]+\)/);
    assert.match(result.stdout, /! no correct reply: all [\d,]+ replies were errors \(ERANGE/);
    assert.doesNotMatch(result.stdout, /percentiles are rough|NOT SERVED/);
  } finally {
    await server.stop();
  }
});
