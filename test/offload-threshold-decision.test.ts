/** The rule of --inline-below auto, given numbers: which n stay on the event loop. Deterministic. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decideInlineBelow, INLINE_FACTOR } from '../ts/compute/offload-threshold.js';

/** Costs that grow by φ per n, as fib's do: 0.1 µs at n=0 … */
const geometric = (count: number, base = 0.1) => Array.from({ length: count }, (_, n) => base * 1.618 ** n);

test('inline while inline ≤ factor × hop: the first n above the limit is where offloading starts', () => {
  const costs = geometric(25); // n=14: 84 µs, n=15: 136 µs
  const decision = decideInlineBelow(50, costs, 2);
  assert.equal(decision.limitUs, 100);
  assert.equal(decision.inlineBelow, 15);
  assert.equal(decision.inlineUsMax, costs[14]);
  assert.ok((costs[14] as number) <= 100 && (costs[15] as number) > 100);
});

test('the default factor is 4, and a larger factor never inlines less', () => {
  assert.equal(INLINE_FACTOR, 4);
  const costs = geometric(30);
  assert.equal(decideInlineBelow(50, costs).inlineBelow, decideInlineBelow(50, costs, 4).inlineBelow);
  assert.equal(decideInlineBelow(50, costs, 1).inlineBelow, 13); // n=12: 32 µs ≤ 50, n=13: 52 µs > 50
  assert.equal(decideInlineBelow(50, costs, 4).inlineBelow, 16); // n=15: 136 µs ≤ 200, n=16: 221 µs > 200
});

test('a noisy median above the limit at a small n does not end inlining there', () => {
  const costs = geometric(25);
  costs[6] = 5000; // one preempted sample run
  assert.equal(decideInlineBelow(50, costs, 2).inlineBelow, 15);
});

test('nothing measured above the limit: only what was seen to be cheap is inlined', () => {
  assert.deepEqual(decideInlineBelow(1000, [1, 2, 3], 2), { inlineBelow: 3, inlineUsMax: 3, limitUs: 2000 });
  assert.deepEqual(decideInlineBelow(10, [], 2), { inlineBelow: 0, inlineUsMax: 0, limitUs: 20 });
});

test('everything above the limit: nothing is inlined', () => {
  assert.deepEqual(decideInlineBelow(1, [5, 8, 13], 2), { inlineBelow: 0, inlineUsMax: 0, limitUs: 2 });
});

test('nonsense measurements are refused, not decided on', () => {
  assert.throws(() => decideInlineBelow(0, [1]), RangeError);
  assert.throws(() => decideInlineBelow(Number.NaN, [1]), RangeError);
  assert.throws(() => decideInlineBelow(10, [1, -1]), RangeError);
  assert.throws(() => decideInlineBelow(10, [1, Number.POSITIVE_INFINITY]), RangeError);
  assert.throws(() => decideInlineBelow(10, [1], 0), RangeError);
});

test('a dearer hop never lowers the threshold; the chosen n is always within the limit', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 40 }),
      fc.double({ min: 0.1, max: 1e4, noNaN: true }),
      fc.double({ min: 1, max: 10, noNaN: true }),
      (costs, hop, more) => {
        const cheap = decideInlineBelow(hop, costs);
        const dear = decideInlineBelow(hop * more, costs);
        assert.ok(dear.inlineBelow >= cheap.inlineBelow);
        // Every n from the threshold on exceeds the limit; the one below it does not.
        for (const us of costs.slice(cheap.inlineBelow)) assert.ok(us > cheap.limitUs);
        if (cheap.inlineBelow > 0) assert.ok((costs[cheap.inlineBelow - 1] as number) <= cheap.limitUs);
      },
    ),
  );
});
