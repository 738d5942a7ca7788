// Issue 11, item 6: during a graceful shutdown the server still reads what clients sent and
// answers every line (computed, or ERR ESHUTDOWN) before it closes.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { fibUnchecked } from '../../ts/fib.js';
import { waitUntil } from '../helpers/wait-until.js';
import { collect, connect, cpuNow, lines, startGroupServer, within } from './helpers.js';

const STOPPING = 'ERR ESHUTDOWN server is shutting down';

/** Whether a new connection to `port` is refused: the server has stopped listening. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

test('a request sent after the shutdown began, on a connection still computing, is answered', async (t) => {
  const server = await startGroupServer('pool', ['--workers', '1', '--shutdown-timeout', '30s']);
  t.after(() => server.stop());
  const socket = await connect(server.port);
  const received = collect(socket);
  const before = cpuNow(server.pid);
  socket.write('36\n');
  // The worker thread is computing it.
  assert.ok(await waitUntil(() => cpuNow(server.pid) - before >= 20, 20_000));
  process.kill(server.pid, 'SIGTERM');
  // The server has stopped listening: the shutdown has begun, the request is still computing.
  let stopped = false;
  for (const deadline = Date.now() + 20_000; !stopped && Date.now() < deadline; ) {
    stopped = await refused(server.port);
    if (!stopped) await delay(20);
  }
  assert.ok(stopped, 'the server stopped listening');
  socket.write('7\n');
  await within(received.closed, 60_000, undefined);
  const replies = lines(received.text());
  assert.equal(replies[0], String(fibUnchecked(36)));
  assert.equal(replies.length, 2, `the later request answered: ${JSON.stringify(replies)}`);
  assert.ok(replies[1] === '13' || replies[1] === STOPPING, replies[1]);
  assert.equal((await server.exited).code, 0);
});

test('requests read but held back by the pending cap when the shutdown begins are all answered', async (t) => {
  const server = await startGroupServer('pool', [
    '--workers',
    '1',
    '--max-pending',
    '4',
    '--shutdown-timeout',
    '30s',
  ]);
  t.after(() => server.stop());
  const socket = await connect(server.port);
  const received = collect(socket);
  socket.write('30\n'.repeat(20));
  await waitUntil(() => received.text().includes('\n'), 20_000);
  process.kill(server.pid, 'SIGTERM');
  await within(received.closed, 60_000, undefined);
  const replies = lines(received.text());
  assert.equal(replies.length, 20, `every request answered: ${JSON.stringify(replies)}`);
  for (const reply of replies) assert.ok(reply === String(fibUnchecked(30)) || reply === STOPPING, reply);
  assert.equal((await server.exited).code, 0);
});
