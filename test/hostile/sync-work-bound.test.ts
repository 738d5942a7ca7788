// Issue 11, item 3: every reply counts toward the per-connection cap, parsing stops mid-chunk,
// buffered output per connection is bounded, and a signal is honoured between synchronous requests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { fibUnchecked } from '../../ts/fib.js';
import { waitUntil } from '../helpers/wait-until.js';
import { collect, connect, cpuNow, lines, rssMiB, startGroupServer, within } from './helpers.js';

/** Waits until the server's CPU time has grown by `ms` since `from`: it is computing. */
async function computing(pid: number, from: number, ms: number): Promise<void> {
  assert.ok(await waitUntil(() => cpuNow(pid) - from >= ms, 30_000), 'the server never got busy');
}

for (const { variant, n } of [
  { variant: 'event-loop', n: 36 },
  { variant: 'native-sync', n: 38 },
]) {
  test(`${variant}: SIGTERM during 8 pipelined fib(${n}) in one write is honoured after the one being computed`, async (t) => {
    const server = await startGroupServer(variant, ['--shutdown-timeout', '60s']);
    t.after(() => server.stop());
    const socket = await connect(server.port);
    const received = collect(socket);
    const before = cpuNow(server.pid);
    socket.write(`${n}\n`.repeat(8));
    await computing(server.pid, before, 30);
    process.kill(server.pid, 'SIGTERM');
    await within(received.closed, 120_000, undefined);
    const replies = lines(received.text());
    const computed = replies.filter((line) => line === String(fibUnchecked(n))).length;
    const refused = replies.filter((line) => line === 'ERR ESHUTDOWN server is shutting down').length;
    t.diagnostic(`computed ${computed}, ESHUTDOWN ${refused}`);
    assert.equal(replies.length, 8, `every request read is answered: ${JSON.stringify(replies)}`);
    assert.equal(computed + refused, 8);
    assert.ok(computed <= 2, `${computed} computed after SIGTERM: at most the one running (and one more)`);
    assert.equal((await server.exited).code, 0);
  });
}

test('64 clients flooding bare newlines without reading: server memory stays bounded', async (t) => {
  const server = await startGroupServer('event-loop', ['--max-connections', '128']);
  t.after(() => server.stop());
  const baseline = rssMiB(server.pid);
  const flood = Buffer.alloc(512 * 1024, '\n');
  const sockets = await Promise.all(Array.from({ length: 64 }, () => connect(server.port)));
  for (const socket of sockets) {
    socket.pause(); // never read: the ERR replies pile up on the server's side
    socket.write(flood);
  }
  // Quiet: the server has done all it will do (its CPU time stops growing).
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const now = cpuNow(server.pid);
    if (now === last) break;
    last = now;
    await delay(300);
  }
  const peak = rssMiB(server.pid);
  t.diagnostic(`RSS ${baseline.toFixed(0)} → ${peak.toFixed(0)} MiB`);
  assert.ok(peak - baseline <= 64, `RSS grew by ${(peak - baseline).toFixed(0)} MiB (bound 64)`);
  for (const socket of sockets) socket.destroy();
});
