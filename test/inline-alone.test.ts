/**
 * `--inline-below auto`'s second rule: a connection that is alone (the only one of its process,
 * nothing of its own in flight) has n below `aloneBelow` answered on the event loop too; any
 * other connection, or a request of its own in flight, sends it to the pool again. Shown on a
 * real piscina pool whose worker exits when asked for fib(20) (FIBLAB_TEST_CRASH_N): an inline
 * answer is the value, an offloaded one is `worker died`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStrategy } from '../dist/compute/index.js';
import { withThreshold } from '../dist/compute/inline-below.js';
import { ALONE_BUDGET_US, decideAloneBelow } from '../ts/compute/offload-threshold.js';

test('aloneBelow extrapolates by φ per n from the dearest inline answer, within the budget', () => {
  // fib(22) inline 37 µs: 23 → 60, 24 → 97, … 30 → 1,745, 31 → 2,823 µs.
  assert.equal(decideAloneBelow(23, 37, ALONE_BUDGET_US), 31);
  assert.equal(decideAloneBelow(23, 37, 100), 25);
  assert.equal(decideAloneBelow(23, 37, 10), 23, 'never below inlineBelow');
  assert.equal(decideAloneBelow(0, 0), 0, 'nothing inline: nothing alone either');
  assert.equal(decideAloneBelow(23, 37, ALONE_BUDGET_US, 27), 28, 'not past max-n + 1');
});

test('alone: inline below aloneBelow; a second connection or an own request in flight offloads again', async (t) => {
  process.env.FIBLAB_TEST_CRASH_N = '20';
  t.after(() => delete process.env.FIBLAB_TEST_CRASH_N);
  const pool = createStrategy('pool', { workers: 1, maxPendingPerConnection: 32 });
  t.after(() => pool.close());
  const strategy = withThreshold(pool, 10, {}, 26);
  const offloaded = /worker died|exited/;

  const a = strategy.connect();
  assert.equal(a.compute(20), 6765, 'alone: fib(20) on the loop');
  const b = strategy.connect();
  await assert.rejects(Promise.resolve(a.compute(20)), offloaded, 'two connections: offloaded');
  assert.equal(b.compute(5), 5, 'below inlineBelow stays inline for everyone');
  b.release();
  assert.equal(a.compute(20), 6765, 'alone again');

  const long = a.compute(27); // ≥ aloneBelow: offloaded even alone
  assert.equal(typeof long, 'object');
  await assert.rejects(Promise.resolve(a.compute(20)), offloaded, 'own request in flight: offloaded');
  assert.equal(await long, 196418);
  assert.equal(a.compute(20), 6765, 'nothing in flight: inline again');
  a.release();
});
