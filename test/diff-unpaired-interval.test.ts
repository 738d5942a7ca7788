/**
 * The interval between two runs (ts/stats/unpaired.ts): the Mann–Whitney count matches the
 * published critical values, A vs A is covered about 95 % of the time on a simulated noisy
 * machine, and a known slowdown is found in the right direction.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hodgesLehmannInterval, mannWhitneyCount, unpairedRatio } from '../ts/stats/unpaired.js';
import { gaussian, seededRandom } from './helpers/prng.js';

test('the Mann–Whitney count k is the table critical value of U plus one (two-sided 5 %)', () => {
  // Critical values of U at α = 0.05 two-sided: (4,4) 0, (5,5) 2, (6,6) 5, (8,8) 13, (10,10) 23, (12,12) 37.
  for (const [m, critical] of [
    [4, 0],
    [5, 2],
    [6, 5],
    [8, 13],
    [10, 23],
    [12, 37],
  ] as const)
    assert.equal(mannWhitneyCount(m, m), critical + 1, `m = n = ${m}`);
  assert.equal(mannWhitneyCount(3, 3), 0, 'three a side cannot reach 95 %');
  assert.equal(mannWhitneyCount(6, 4), 3, '(6,4): critical U = 2');
});

test('Hodges–Lehmann: the median of the differences, and no interval below 4 values a side', () => {
  const est = hodgesLehmannInterval([1, 2, 3], [0, 0, 0]);
  assert.equal(est.centre, 2);
  assert.equal(est.interval, null);
  const ratio = unpairedRatio([110, 111, 109, 112, 108, 110], [100, 101, 99, 102, 98, 100]);
  assert.ok(Math.abs(ratio.estimate - 1.1) < 0.01, `estimate ${ratio.estimate}`);
  assert.equal(ratio.significance, 'higher');
  assert.ok(ratio.interval && ratio.interval.low > 1 && ratio.interval.high < 1.25);
});

test('A vs A on a noisy machine: each method covers 1 in about 95 % of 600 seeded trials', () => {
  const random = seededRandom(24);
  const run = () => Array.from({ length: 6 }, () => 1000 * Math.exp(0.05 * gaussian(random)));
  for (const method of ['hodges-lehmann', 'welch'] as const) {
    let covered = 0;
    for (let trial = 0; trial < 600; trial++)
      if (unpairedRatio(run(), run(), method).significance === '~') covered++;
    // Binomial(600, 0.95): σ ≈ 0.9 %; the band is about ± 3 σ.
    assert.ok(covered / 600 > 0.92 && covered / 600 < 0.985, `${method}: ${covered}/600`);
  }
});

test('bad values are refused with ERR_STATS_INPUT', () => {
  assert.throws(() => unpairedRatio([], [1]), { code: 'ERR_STATS_INPUT' });
  assert.throws(() => unpairedRatio([1, 0], [1, 2]), { code: 'ERR_STATS_INPUT', message: /positive/ });
});
