// Issue 11, item 6: during a graceful shutdown the server still reads what clients sent and
// answers every line (computed, or ERR ESHUTDOWN) before it closes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fibUnchecked } from '../../ts/fib.js';
import { waitUntil } from '../helpers/wait-until.js';
import { collect, connect, lines, signalPending, startGroupServer, treeCpuMs, within } from './helpers.js';

test('requests sent while the server was busy and already stopping are answered, not dropped', async (t) => {
  const server = await startGroupServer('event-loop', ['--shutdown-timeout', '30s']);
  t.after(() => server.stop());
  const busy = await connect(server.port);
  const idle = await connect(server.port);
  const busyReplies = collect(busy);
  const idleReplies = collect(idle);
  const before = treeCpuMs(server.pid) ?? 0;
  busy.write('37\n');
  assert.ok(await waitUntil(() => (treeCpuMs(server.pid) ?? 0) - before >= 20, 20_000));
  process.kill(server.pid, 'SIGTERM');
  // The signal is delivered (no longer pending) while the event loop is still computing.
  assert.ok(await waitUntil(() => !signalPending(server.pid, 'SIGTERM'), 5000));
  idle.write('5\n6\n');
  busy.write('7\n');
  await within(Promise.all([busyReplies.closed, idleReplies.closed]), 60_000, undefined);
  const stopping = /^(ERR ESHUTDOWN server is shutting down)$/;
  const idleLines = lines(idleReplies.text());
  assert.equal(idleLines.length, 2, `both lines answered: ${JSON.stringify(idleLines)}`);
  idleLines.forEach((line, i) => assert.ok(line === String(fibUnchecked(5 + i)) || stopping.test(line), line));
  const busyLines = lines(busyReplies.text());
  assert.equal(busyLines[0], String(fibUnchecked(37)));
  assert.equal(busyLines.length, 2, `the request after the busy one answered: ${JSON.stringify(busyLines)}`);
  assert.ok(busyLines[1] === '13' || stopping.test(busyLines[1] as string));
  assert.equal((await server.exited).code, 0);
});
