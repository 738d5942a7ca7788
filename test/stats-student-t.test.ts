/** The t quantile table and its large-df expansion, checked against the t distribution itself. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { t975 } from '../ts/stats/student-t.js';

/** Γ((ν+1)/2) / Γ(ν/2) for whole ν, by Γ(x+1) = xΓ(x) from ν = 1 and 2. */
function gammaRatio(nu: number): number {
  let ratio = nu % 2 === 1 ? 1 / Math.sqrt(Math.PI) : Math.sqrt(Math.PI) / 2;
  for (let v = nu % 2 === 1 ? 1 : 2; v < nu; v += 2) ratio *= (v + 1) / v;
  return ratio;
}

/** P(0 < T < q) for Student's t with ν degrees of freedom, by Simpson's rule on its density. */
function tProbability(nu: number, q: number): number {
  const c = gammaRatio(nu) / Math.sqrt(nu * Math.PI);
  const pdf = (x: number) => c * (1 + (x * x) / nu) ** (-(nu + 1) / 2);
  const steps = 20_000;
  const h = q / steps;
  let sum = pdf(0) + pdf(q);
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * pdf(i * h);
  return (sum * h) / 3;
}

test('t975(df) leaves 2.5 % in the upper tail, table (df ≤ 30) and expansion alike', () => {
  for (const df of [1, 2, 3, 4, 5, 7, 11, 12, 20, 29, 30, 31, 35, 50, 100, 200, 1000]) {
    const inside = tProbability(df, t975(df));
    // 4 decimals of the quantile move the probability by at most the density × 5e-5 < 2e-5.
    assert.ok(Math.abs(inside - 0.475) < 2e-5, `df ${df}: P(0 < T < ${t975(df)}) = ${inside}`);
  }
});

test('t975 falls with df towards the normal quantile, with no step where the table ends', () => {
  for (let df = 1; df < 500; df++) assert.ok(t975(df + 1) < t975(df), `df ${df}`);
  assert.ok(t975(1e6) - 1.959964 < 1e-5);
  assert.ok(Math.abs(t975(31) - 2.0395) < 1e-4, `t975(31) = ${t975(31)}`);
});

test('t975 refuses a degrees-of-freedom count that is not a whole number ≥ 1', () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => t975(bad), RangeError);
});
