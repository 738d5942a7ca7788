/** Precision on demand: the relative half-width, and how many more pairs reach a target within a budget. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairedRatio } from '../ts/stats/paired.js';
import { morePairsNeeded, relativeHalfWidth } from '../ts/stats/precision.js';
import { seededRandom } from './helpers/prng.js';
import { simulateSlices } from './helpers/simulated-machine.js';

test('relative half-width is half the interval over the estimate; undefined without an interval', () => {
  assert.ok(
    Math.abs((relativeHalfWidth({ estimate: 2, interval: { low: 1.8, high: 2.2 } }) ?? 0) - 0.1) < 1e-12,
  );
  assert.equal(relativeHalfWidth({ estimate: 2, interval: null }), undefined);
});

test('more pairs: none when the target is met, n·(w/target)² in all otherwise, capped by the budget', () => {
  assert.deepEqual(morePairsNeeded({ pairs: 8, width: 0.04 }, 0.05, 100), { more: 0, reachable: true });
  assert.deepEqual(morePairsNeeded({ pairs: 8, width: 0.1 }, 0.05, 100), { more: 24, reachable: true });
  assert.deepEqual(morePairsNeeded({ pairs: 8, width: 0.1 }, 0.05, 10), { more: 10, reachable: false });
  assert.deepEqual(morePairsNeeded({ pairs: 8, width: 0.0501 }, 0.05, 10), { more: 1, reachable: true });
  assert.deepEqual(morePairsNeeded({ pairs: 1, width: undefined }, 0.05, 10), { more: 1, reachable: true });
  assert.deepEqual(morePairsNeeded({ pairs: 0, width: undefined }, 0.05, 10, 6), {
    more: 6,
    reachable: true,
  });
  assert.deepEqual(morePairsNeeded({ pairs: 8, width: 0.1 }, 0.05, 0), { more: 0, reachable: false });
  assert.throws(() => morePairsNeeded({ pairs: 8, width: 0.1 }, 0, 10), RangeError);
});

test('following the rule on a simulated noisy machine reaches the target in most cells, in a few steps', () => {
  const random = seededRandom(99);
  const noise = { sliceSigma: 0.08, jumpChance: 0.05, slowLevel: 0.6 };
  const target = 0.05;
  let reached = 0;
  for (let cell = 0; cell < 50; cell++) {
    let rounds = 5;
    for (let step = 0; step < 4; step++) {
      // A fresh run of the new length stands in for "the same cell, more rounds".
      const ratio = pairedRatio(simulateSlices({ A: 1300, B: 1000 }, rounds, noise, random), 'A', 'B');
      const next = morePairsNeeded({ pairs: rounds, width: relativeHalfWidth(ratio) }, target, 60 - rounds);
      if (next.more === 0) {
        reached++;
        break;
      }
      rounds += next.more;
    }
  }
  assert.ok(reached >= 40, `${reached} of 50 cells reached ±5 % within 4 steps and 60 pairs`);
});
