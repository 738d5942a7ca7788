/**
 * The 97.5 % quantile of Student's t distribution, for 95 % two-sided intervals. Exact table
 * values (4 decimals) up to 30 degrees of freedom, where small samples live; above, the
 * Cornish–Fisher expansion around the normal quantile, which is within 1e-4 of the exact value
 * from 30 degrees of freedom on. Only the 95 % level is needed (and offered).
 */

/** The confidence level of every interval fiblab reports. */
export const CONFIDENCE = 0.95;

// t(0.975, df) for df = 1..30 (index df − 1).
const TABLE = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604,
  2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555,
  2.0518, 2.0484, 2.0452, 2.0423,
];

/** The normal distribution's 97.5 % quantile. */
const Z = 1.959963984540054;

/** t(0.975, df): the multiplier of the standard error in a 95 % t-interval; df ≥ 1. */
export function t975(df: number): number {
  if (!Number.isInteger(df) || df < 1)
    throw new RangeError(`degrees of freedom must be a whole number ≥ 1, got ${df}`);
  const tabled = TABLE[df - 1];
  if (tabled !== undefined) return tabled;
  const z3 = Z ** 3;
  const z5 = Z ** 5;
  const z7 = Z ** 7;
  return (
    Z +
    (z3 + Z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * Z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * Z) / (384 * df ** 3)
  );
}
