/**
 * `--inline-below N` on every strategy that leaves the event loop: n below N is answered on
 * the event loop, larger n is offloaded. Shown the way a client sees it: while fib(N-1) runs, a
 * short request on another connection waits behind it (the loop is busy); while fib(N) runs,
 * it is answered first (the loop is free).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { untilBusy, untilIdle } from './helpers/cpu-evidence.js';
import { LineClient } from './helpers/line-client.js';
import { startServer, type TestServer } from './helpers/server-process.js';
import { jsNFor, nativeNFor } from './helpers/work-size.js';

/** Which of a long request on one connection and n=1 sent on another once it runs is answered first. */
async function firstAnswered(server: TestServer, long: LineClient, short: LineClient, n: number) {
  const order: string[] = [];
  const baseline = await untilIdle(server.pid);
  long.send(`${n}\n`);
  const longDone = long.next().then(() => order.push('long'));
  await untilBusy(server.pid, baseline, `fib(${n})`);
  const shortDone = short.ask('1\n').then(() => order.push('short'));
  await Promise.all([longDone, shortDone]);
  return order[0];
}

// N so that fib(N-1) keeps the loop busy for 150 ms or more, measured here (work-size.ts); fib(N)
// must stay within the servers' default limit of 40.
for (const variant of ['pool', 'native-async', 'worker-per-connection', 'process-pool']) {
  const below = (variant === 'native-async' ? nativeNFor(150, 39) : jsNFor(150, 39)) + 1;
  test(`${variant} --inline-below ${below}: fib(${below - 1}) runs on the event loop, fib(${below}) does not`, async (t) => {
    const server = await startServer(variant, ['--inline-below', String(below)]);
    t.after(() => server.stop());
    assert.equal(server.server.readiness.extra.inlineBelow, String(below));
    const [long, short] = await Promise.all([
      LineClient.connect(server.port),
      LineClient.connect(server.port),
    ]);
    assert.equal(await short.ask('1\n'), '1');
    assert.equal(await firstAnswered(server, long, short, below - 1), 'long', `fib(${below - 1}) is inline`);
    assert.equal(await firstAnswered(server, long, short, below), 'short', `fib(${below}) is offloaded`);
    await Promise.all([long.close(), short.close()]);
  });
}

test('pool --inline-below: the worker that would crash on n=5 is never asked below the threshold', async (t) => {
  // FIBLAB_TEST_CRASH_N=5: a worker asked for fib(5) dies. With --inline-below 10 none is asked.
  const server = await startServer('pool', ['--inline-below', '10'], { FIBLAB_TEST_CRASH_N: '5' });
  t.after(() => server.stop());
  const client = await LineClient.connect(server.port);
  assert.equal(await client.ask('5\n'), '5', 'computed inline');
  const crashing = await startServer('pool', ['--inline-below', '4'], { FIBLAB_TEST_CRASH_N: '5' });
  t.after(() => crashing.stop());
  const offloaded = await LineClient.connect(crashing.port);
  assert.equal(await offloaded.ask('5\n'), 'ERR EINTERNAL worker died', 'n = 5 ≥ 4 went to a worker');
  assert.equal(await offloaded.ask('3\n'), '2', 'n = 3 < 4 stayed inline');
  await Promise.all([client.close(), offloaded.close()]);
});
