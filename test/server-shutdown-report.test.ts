/**
 * The one line a server writes to stderr when a signal stops it: which signal, how many
 * connections it drained, how many requests it answered after the signal (and how many of
 * those it refused as shutting down), what --shutdown-timeout cut off. A cluster's line is the
 * sum of its workers'.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fibReference } from '../ts/reference.js';
import { formatShutdownLine, sumReports } from '../ts/server/shutdown-report.js';
import { untilBusy, untilIdle } from './helpers/cpu-evidence.js';
import { HttpClient, show } from './helpers/http-client.js';
import { LineClient } from './helpers/line-client.js';
import { jsNFor, nativeNFor } from './helpers/work-size.js';
import { startGroupServer } from './hostile/helpers.js';

const BOUND_MS = 30_000;

/** The shutdown line of a server's stderr. */
const shutdownLine = (stderr: string) => stderr.split('\n').filter((line) => /^fiblab: SIG/.test(line));

test('the line: counts in words, refusals and cut-offs said only when there are some', () => {
  const report = { drained: 3, answered: 5, refused: 2, cutOff: 1, unanswered: 4, timeoutMs: 5000 };
  assert.equal(
    formatShutdownLine('SIGTERM', report),
    'fiblab: SIGTERM: drained 3 connections, answered 5 requests (2 refused: shutting down), cut off 1 connection owing 4 replies at --shutdown-timeout 5s',
  );
  const quiet = { drained: 1, answered: 1, refused: 0, cutOff: 0, unanswered: 0, timeoutMs: 200 };
  assert.equal(
    formatShutdownLine('SIGINT', quiet),
    'fiblab: SIGINT: drained 1 connection, answered 1 request, nothing cut off by --shutdown-timeout 0.2s',
  );
  assert.deepEqual(sumReports([report, quiet], 5000), {
    drained: 4,
    answered: 6,
    refused: 2,
    cutOff: 1,
    unanswered: 4,
    timeoutMs: 5000,
  });
});

/** A client that was answered once and stays connected, idle. */
async function idle(port: number): Promise<LineClient> {
  const client = await LineClient.connect(port, { timeoutMs: BOUND_MS });
  assert.equal(await client.ask('1\n'), '1');
  return client;
}

test('event-loop on SIGINT: the request read after the signal is refused and counted', async (t) => {
  const n = jsNFor(500);
  const server = await startGroupServer('event-loop', ['--shutdown-timeout', '30s']);
  t.after(() => server.stop());
  const quiet = await idle(server.port);
  const busy = await idle(server.port);
  const baseline = await untilIdle(server.pid);
  // Each fib(n) ends its turn of the event loop (the per-turn budget); the second one runs in
  // the same turn's check phase, so the signal (seen at the next I/O poll, after sockets) is
  // handled before the third line is parsed.
  busy.send(`${n}\n${n}\n5\n`);
  await untilBusy(server.pid, baseline, `fib(${n})`);
  process.kill(server.pid, 'SIGINT');
  assert.match((await busy.next()) ?? '<closed>', /^\d+$/);
  assert.match((await busy.next()) ?? '<closed>', /^\d+$/);
  assert.match((await busy.next()) ?? '<closed>', /^ERR ESHUTDOWN /);
  assert.equal((await server.exited).code, 0);
  assert.deepEqual(shutdownLine(server.stderr), [
    'fiblab: SIGINT: drained 2 connections, answered 1 request (1 refused: shutting down), nothing cut off by --shutdown-timeout 30s',
  ]);
  quiet.socket.destroy();
});

test('pool on SIGTERM: the request in flight is answered after the signal; a second one is cut off', async (t) => {
  // fib(50) in JS takes minutes: it is in flight at --shutdown-timeout however fast the machine.
  // The test waits the whole timeout: 3 s still leaves the short one (0.3 s of CPU) ten times its time.
  const n = 50;
  const server = await startGroupServer('pool', ['--shutdown-timeout', '3s', '--max-n', String(n)]);
  t.after(() => server.stop());
  const quiet = await idle(server.port);
  const answered = await idle(server.port);
  const cut = await idle(server.port);
  const baseline = await untilIdle(server.pid);
  // A short one and a long one, each on a worker thread of its own.
  const short = jsNFor(300);
  answered.send(`${short}\n`);
  cut.send(`${n}\n`);
  await untilBusy(server.pid, baseline, `fib(${short}) and fib(${n})`);
  process.kill(server.pid, 'SIGTERM');
  assert.match((await answered.next()) ?? '<closed>', /^\d+$/);
  assert.equal(await cut.next(), undefined, `fib(${n}) outlasts --shutdown-timeout 3s`);
  assert.equal((await server.exited).code, 0);
  assert.deepEqual(shutdownLine(server.stderr), [
    'fiblab: SIGTERM: drained 2 connections, answered 1 request, cut off 1 connection owing 1 reply at --shutdown-timeout 3s',
  ]);
  quiet.socket.destroy();
});

test('answer (a cluster): one line, the sum of what its workers did', async (t) => {
  const n = nativeNFor(800, 45);
  const server = await startGroupServer('answer', ['--shutdown-timeout', '30s', '--max-n', '45']);
  t.after(() => server.stop());
  // Four connections, handed to the two workers in turn: each worker drains two.
  const clients = [];
  for (let i = 0; i < 4; i++) clients.push(await idle(server.port));
  const baseline = await untilIdle(server.pid);
  const [first, second] = clients as [LineClient, LineClient];
  first.send(`${n}\n`);
  second.send(`${n}\n`);
  await untilBusy(server.pid, baseline, `fib(${n}) twice`);
  process.kill(server.pid, 'SIGTERM');
  assert.match((await first.next()) ?? '<closed>', /^\d+$/);
  assert.match((await second.next()) ?? '<closed>', /^\d+$/);
  assert.equal((await server.exited).code, 0);
  assert.deepEqual(shutdownLine(server.stderr), [
    'fiblab: SIGTERM: drained 4 connections, answered 2 requests, nothing cut off by --shutdown-timeout 30s',
  ]);
  for (const client of clients) client.socket.destroy();
});

test('pool over HTTP: the response in flight is counted; the idle keep-alive connection is drained', async (t) => {
  const n = jsNFor(800);
  const server = await startGroupServer('pool', ['--transport', 'http', '--shutdown-timeout', '30s']);
  t.after(() => server.stop());
  const quiet = await HttpClient.connect(server.port);
  assert.equal(await quiet.fib(1), '1');
  const busy = await HttpClient.connect(server.port);
  assert.equal(await busy.fib(1), '1');
  const baseline = await untilIdle(server.pid);
  busy.send(HttpClient.get(`/fib/${n}`));
  await untilBusy(server.pid, baseline, `fib(${n})`);
  process.kill(server.pid, 'SIGTERM');
  assert.equal(show(await busy.next()), String(fibReference(n)));
  assert.equal((await server.exited).code, 0);
  assert.deepEqual(shutdownLine(server.stderr), [
    'fiblab: SIGTERM: drained 2 connections, answered 1 request, nothing cut off by --shutdown-timeout 30s',
  ]);
});
