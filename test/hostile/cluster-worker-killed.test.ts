// Issue 11, item 4: after kill -9 of a cluster worker, every connection is answered or closed
// promptly; none is left open and silent (a connection in transit to the dying worker).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fibUnchecked } from '../../ts/fib.js';
import { waitUntil } from '../helpers/wait-until.js';
import { collect, connect, cpuNow, descendants, startGroupServer } from './helpers.js';

const N = 36;

test('cluster: kill -9 of a worker while it is busy and connections wait for it: each is answered or closed', async (t) => {
  const server = await startGroupServer('cluster', ['--workers', '2']);
  t.after(() => server.stop());
  const workers = descendants(server.pid);
  assert.equal(workers.length, 2);
  const clients: Array<ReturnType<typeof collect>> = [];
  for (let i = 0; i < 6; i++) {
    const socket = await connect(server.port);
    clients.push(collect(socket));
    socket.write(`${N}\n`);
  }
  // Both workers busy with a request: the connections after the first two wait for a worker.
  const victim = workers[0] as number;
  const before = cpuNow(victim);
  assert.ok(await waitUntil(() => cpuNow(victim) - before >= 20, 20_000));
  process.kill(victim, 'SIGKILL');
  const settled = (c: ReturnType<typeof collect>) => c.isClosed() || c.text() === `${fibUnchecked(N)}\n`;
  const ok = await waitUntil(() => clients.every(settled), 30_000);
  const silent = clients.filter((c) => !settled(c)).length;
  assert.ok(ok, `${silent} connection(s) neither answered nor closed 30 s after the worker died`);
});
