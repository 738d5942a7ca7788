// Issue 11, item 8: native-async exits within the shutdown timeout (+ the one fib(max-n) per
// pool thread already running) even with a long queue of fib(40).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitUntil } from '../helpers/wait-until.js';
import { connect, cpuNow, startGroupServer, within } from './helpers.js';

test('native-async: SIGTERM with 80 fib(40) queued ends within the shutdown timeout + one fib(40)', async (t) => {
  const server = await startGroupServer('native-async', ['--shutdown-timeout', '1s']);
  t.after(() => server.stop());
  const sockets = await Promise.all(Array.from({ length: 4 }, () => connect(server.port)));
  const before = cpuNow(server.pid);
  for (const socket of sockets) socket.write('40\n'.repeat(20));
  assert.ok(await waitUntil(() => cpuNow(server.pid) - before >= 50, 20_000));
  const sent = performance.now();
  process.kill(server.pid, 'SIGTERM');
  const exit = await within(server.exited, 15_000, undefined);
  assert.ok(exit !== undefined, 'exited within 15 s of SIGTERM (80 × fib(40) would take far longer)');
  t.diagnostic(`exit ${Math.round(exit.at - sent)} ms after SIGTERM (shutdown timeout 1 s)`);
  assert.equal(exit.code, 0);
  for (const socket of sockets) socket.destroy();
});
