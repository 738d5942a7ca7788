import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ComputeStrategy } from '../ts/compute/strategy.js';
import { fibUnchecked } from '../ts/fib.js';
import { DEFAULT_SERVER_OPTIONS } from '../ts/server/options.js';
import { FibServer } from '../ts/server/tcp-server.js';
import { countingStrategy } from './helpers/counting-strategy.js';
import { LineClient } from './helpers/line-client.js';

test('a pipelining client never has more than --max-pending requests in flight, and loses none', async (t) => {
  const { strategy, stats } = countingStrategy();
  const server = new FibServer(strategy, { ...DEFAULT_SERVER_OPTIONS, port: 0, maxPending: 8 }, 'concurrent');
  const { port } = await server.listen();
  t.after(() => server.shutdown());
  const client = await LineClient.connect(port);
  const ns = Array.from({ length: 2000 }, (_, i) => i % 20);
  client.send(ns.map((n) => `${n}\n`).join(''));
  const replies = await client.take(ns.length);
  assert.deepEqual(
    replies,
    ns.map((n) => String(fibUnchecked(n))),
  );
  assert.equal(stats.maxInFlight, 8, 'pipelined up to the cap, never beyond');
  await client.close();
});

test('replies that complete out of order are written in request order', async (t) => {
  // Later requests finish first: delay each by (10 - i) loop turns.
  let i = 0;
  const strategy: ComputeStrategy = {
    name: 'pool',
    details: {},
    connect: () => ({
      compute: (n) => {
        let turns = 10 - i++;
        return new Promise((resolve) => {
          const tick = () => (turns-- <= 0 ? resolve(fibUnchecked(n)) : setImmediate(tick));
          tick();
        });
      },
      release() {},
    }),
    close: async () => {},
  };
  const server = new FibServer(strategy, { ...DEFAULT_SERVER_OPTIONS, port: 0 }, 'concurrent');
  const { port } = await server.listen();
  t.after(() => server.shutdown());
  const client = await LineClient.connect(port);
  client.send('1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n');
  assert.deepEqual(await client.take(10), ['1', '1', '2', '3', '5', '8', '13', '21', '34', '55']);
  await client.close();
});
