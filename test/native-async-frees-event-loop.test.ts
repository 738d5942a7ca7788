import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fibAsync, fib as nativeFib } from 'fiblab/native';

/** Counts setImmediate turns of the event loop until `work` settles. */
async function loopTurnsDuring(work: Promise<unknown>): Promise<number> {
  let turns = 0;
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  await new Promise<void>((resolve) => {
    const spin = () => {
      if (settled) return resolve();
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
  });
  await done;
  return turns;
}

test('the event loop keeps turning while fibAsync(38) computes on the libuv pool', async () => {
  const turns = await loopTurnsDuring(fibAsync(38));
  // fib(38) is ~10^8 calls; a free loop turns thousands of times meanwhile.
  assert.ok(turns > 100, `only ${turns} event-loop turns during fibAsync(38)`);
});

test('the sync native fib(38) blocks the loop: no turn happens until it returns', async () => {
  const turns = await loopTurnsDuring(Promise.resolve().then(() => nativeFib(38)));
  assert.ok(turns <= 1, `${turns} turns while the loop should have been blocked`);
});

test('fibAsync calls run side by side on the pool: fib(1) settles before an earlier fib(38)', async () => {
  const order: string[] = [];
  const slow = fibAsync(38).then((v) => order.push(`38=${v}`));
  const fast = fibAsync(1).then((v) => order.push(`1=${v}`));
  await Promise.all([slow, fast]);
  assert.deepEqual(order, ['1=1', '38=39088169']);
});

test('several concurrent fibAsync calls all settle with exact values', async () => {
  const ns = [30, 31, 32, 33, 30, 31, 32, 33];
  const got = await Promise.all(ns.map((n) => fibAsync(n)));
  assert.deepEqual(got, ns.map(nativeFib));
});
