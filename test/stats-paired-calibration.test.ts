/**
 * The paired intervals keep their promise on a simulated noisy machine: A vs A is `~` in about
 * 95 % of seeded trials (not more often wrong, and not trivially wide), and a real 20 % difference
 * is called in the right direction with an interval that covers it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairedRatio } from '../ts/stats/paired.js';
import type { IntervalMethod } from '../ts/stats/types.js';
import { seededRandom } from './helpers/prng.js';
import { type MachineNoise, simulateSlices } from './helpers/simulated-machine.js';

const TRIALS = 2000;
const STEADY: MachineNoise = { sliceSigma: 0.05, jumpChance: 0, slowLevel: 1 };
/** The development VM: speed jumps between two levels 40 % apart; 5 % noise per slice. */
const JUMPY: MachineNoise = { sliceSigma: 0.05, jumpChance: 0.1, slowLevel: 0.6 };

function trials(method: IntervalMethod, rates: Record<string, number>, rounds: number, noise: MachineNoise) {
  const random = seededRandom(20_240_610);
  const results = [];
  for (let i = 0; i < TRIALS; i++) {
    results.push(pairedRatio(simulateSlices(rates, rounds, noise, random), 'A', 'B', { method }));
  }
  return results;
}

for (const method of ['t', 'signed-rank'] as const) {
  for (const rounds of [6, 8, 12]) {
    test(`${method}, ${rounds} pairs: A vs A is ~ in 93–97.5 % of trials on a steady machine`, () => {
      const share =
        trials(method, { A: 10_000, B: 10_000 }, rounds, STEADY).filter((r) => r.significance === '~')
          .length / TRIALS;
      // 95 % nominal; the binomial error of 2000 trials is 0.5 %. The signed-rank level is 95–97 %
      // by construction (its discrete levels), so the upper bound is 97.5 %.
      assert.ok(share >= 0.93 && share <= 0.975, `~ in ${(share * 100).toFixed(1)} % of trials`);
    });

    test(`${method}, ${rounds} pairs: A vs A is ~ in at least 93 % of trials on a jumpy machine`, () => {
      const share =
        trials(method, { A: 10_000, B: 10_000 }, rounds, JUMPY).filter((r) => r.significance === '~').length /
        TRIALS;
      assert.ok(share >= 0.93, `~ in ${(share * 100).toFixed(1)} % of trials`);
    });
  }

  test(`${method}: A = 1.2 × B with 2 % noise is "higher" in every trial, the interval covering 1.2 in ≥ 93 %`, () => {
    const results = trials(method, { A: 12_000, B: 10_000 }, 8, { ...STEADY, sliceSigma: 0.02 });
    assert.ok(results.every((r) => r.significance === 'higher'));
    const covered = results.filter(
      (r) => r.interval !== null && r.interval.low <= 1.2 && r.interval.high >= 1.2,
    );
    assert.ok(covered.length / TRIALS >= 0.93, `covered in ${covered.length} of ${TRIALS}`);
  });

  test(`${method}: B vs A of the same run is the mirror image (1/estimate, 1/interval), "lower"`, () => {
    const slices = simulateSlices({ A: 12_000, B: 10_000 }, 8, STEADY, seededRandom(7));
    const ab = pairedRatio(slices, 'A', 'B', { method });
    const ba = pairedRatio(slices, 'B', 'A', { method });
    assert.ok(Math.abs(ab.estimate * ba.estimate - 1) < 1e-12);
    assert.ok(Math.abs((ab.interval?.low ?? 0) * (ba.interval?.high ?? 0) - 1) < 1e-12);
    assert.equal(ab.significance, 'higher');
    assert.equal(ba.significance, 'lower');
  });
}

test('intervals get narrower with more pairs (median half-width, 5 → 12 → 30 pairs)', () => {
  const medianWidth = (rounds: number) => {
    const widths = trials('t', { A: 10_000, B: 10_000 }, rounds, JUMPY)
      .map((r) => Math.log((r.interval?.high ?? 1) / (r.interval?.low ?? 1)))
      .sort((x, y) => x - y);
    return widths[TRIALS / 2] as number;
  };
  const [w5, w12, w30] = [medianWidth(5), medianWidth(12), medianWidth(30)];
  assert.ok(w5 > w12 && w12 > w30, `widths ${w5}, ${w12}, ${w30}`);
});
