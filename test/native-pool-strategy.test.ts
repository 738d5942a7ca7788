/**
 * The native-pool compute strategy over real sockets: the TCP server fiblab runs, in this
 * process, with FibPool behind it (no variant names it yet; the registry is the lead's). One
 * pool thread and fib(60) (hours): a second client is served only if the first client's running
 * and queued requests stopped when its connection closed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStrategy, STRATEGY_NAMES } from '../ts/compute/index.js';
import { serverOptionsFromFlags } from '../ts/server/options.js';
import { FibServer } from '../ts/server/tcp-server.js';
import { LineClient } from './helpers/line-client.js';

async function serve(t: { after(fn: () => unknown): void }, workers: number) {
  const strategy = createStrategy('native-pool', { workers, maxPendingPerConnection: 64 });
  const options = serverOptionsFromFlags({ host: '127.0.0.1', port: '0', 'max-n': '60' });
  const server = new FibServer(strategy, options, 'concurrent');
  const { port } = await server.listen();
  t.after(() => server.shutdown()); // ends the strategy too: closes the pool, joins its threads
  return { strategy, port };
}

test('native-pool is a strategy; --workers sizes the pool and the readiness details say so', async (t) => {
  assert.ok(STRATEGY_NAMES.includes('native-pool'));
  const { strategy, port } = await serve(t, 3);
  assert.equal(strategy.name, 'native-pool');
  const { threads, spinUs, wakeUs } = strategy.details as { threads: number; spinUs: number; wakeUs: number };
  assert.equal(threads, 3);
  // The adaptive spin's budget is 4 measured wake-ups, 0 below 3 µs, at most 200 µs.
  assert.ok(Number.isInteger(wakeUs) && wakeUs >= 0, `wakeUs=${wakeUs}`);
  const expected = spinUs === 0 ? wakeUs <= 3 : Math.abs(spinUs - Math.min(4 * wakeUs, 200)) <= 2;
  assert.ok(expected, `spinUs=${spinUs} for wakeUs=${wakeUs}`);
  assert.equal(strategy.inlineFib?.(20), 6765);
  const client = await LineClient.connect(port);
  t.after(() => client.socket.destroy());
  client.send('1\n25\n30\n61\n');
  const replies = [await client.next(), await client.next(), await client.next(), await client.next()];
  assert.deepEqual(replies, ['1', '75025', '832040', 'ERR ERANGE n must be at most 60']);
});

test("native-pool: a closed connection's running and queued work stops; the one pool thread serves the next client", {
  timeout: 60_000,
}, async (t) => {
  const { port } = await serve(t, 1);
  const leaving = await LineClient.connect(port);
  leaving.send('60\n60\n60\n'); // one running on the only pool thread, two queued behind it
  // The server is in this process: its CPU time says the pool thread is computing.
  const before = process.cpuUsage().user;
  while (process.cpuUsage().user - before < 50_000) await new Promise((resolve) => setTimeout(resolve, 10));
  // A reset, as when a client process dies with unread data (a FIN alone is a half-close: the
  // protocol still answers a client that stopped sending, so that work runs on).
  leaving.socket.resetAndDestroy();
  await leaving.closed;
  const next = await LineClient.connect(port);
  t.after(() => next.socket.destroy());
  assert.equal(await next.ask('25\n'), '75025');
});
