/** Summaries of slice rates (median, MAD, IQR, mean ± σ) and how ratios and spreads are printed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatMeanSd, formatRatio, formatRatioNumber } from '../ts/stats/format.js';
import { median, summarise } from '../ts/stats/summary.js';

test('summary of known values', () => {
  const s = summarise([5, 1, 4, 2, 3, 100]);
  assert.equal(s.n, 6);
  assert.equal(s.median, 3.5);
  assert.equal(s.mad, 1.5); // |x − 3.5| = 1.5, 2.5, 0.5, 1.5, 0.5, 96.5 → median 1.5
  assert.equal(s.q1, 2.25);
  assert.equal(s.q3, 4.75);
  assert.equal(s.iqr, 2.5);
  assert.equal(s.mean, 115 / 6);
  assert.ok(Math.abs(s.sd - 39.6253) < 1e-4);
  assert.deepEqual([s.min, s.max], [1, 100]);
});

test('one value: spread 0, and bad input is refused with ERR_STATS_INPUT', () => {
  assert.deepEqual(summarise([7]), {
    n: 1,
    median: 7,
    mad: 0,
    q1: 7,
    q3: 7,
    iqr: 0,
    mean: 7,
    sd: 0,
    min: 7,
    max: 7,
  });
  for (const bad of [[], [1, Number.NaN], [Number.POSITIVE_INFINITY]]) {
    assert.throws(() => summarise(bad), { code: 'ERR_STATS_INPUT' });
  }
});

test('property: median, quartiles and MAD are robust: one wild value moves the median by at most one rank', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 5, maxLength: 30 }),
      (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        const wild = summarise([...values, 1e9]);
        assert.ok(
          wild.median >= median(values) && wild.median <= (sorted[Math.ceil(values.length / 2)] as number),
        );
        const s = summarise(values);
        assert.ok(s.min <= s.q1 && s.q1 <= s.median && s.median <= s.q3 && s.q3 <= s.max);
        assert.ok(s.mad <= s.max - s.min);
      },
    ),
  );
});

test('ratios print with 2 decimals (1 above 10) and the interval, ~ when not significant, n/a without one', () => {
  assert.equal(
    formatRatio({ estimate: 1.8312, interval: { low: 1.7111, high: 1.9549 }, significance: 'higher' }),
    '1.83× (1.71–1.95)',
  );
  assert.equal(
    formatRatio({ estimate: 1.02, interval: { low: 0.95, high: 1.09 }, significance: '~' }),
    '~ 1.02× (0.95–1.09)',
  );
  assert.equal(formatRatio({ estimate: 1.02, interval: null, significance: '~' }), '~ 1.02× (n/a)');
  assert.equal(
    formatRatio({ estimate: 0.0456, interval: { low: 0.0401, high: 0.0512 }, significance: 'lower' }),
    '0.046× (0.040–0.051)',
  );
  assert.deepEqual([18.34, 183.4, 1834.4, 0.5].map(formatRatioNumber), ['18.3', '183', '1,834', '0.50']);
});

test('mean ± σ, σ left out for one value', () => {
  assert.equal(formatMeanSd({ n: 3, mean: 5569.4, sd: 120.2 }), '5,569 ± 120');
  assert.equal(formatMeanSd({ n: 3, mean: 1.234, sd: 0.056 }, 2), '1.23 ± 0.06');
  assert.equal(formatMeanSd({ n: 1, mean: 5569.4, sd: 0 }), '5,569');
});
