import { fibRangeError, fibTypeError } from './errors.js';

/** The largest n whose fib(n) is exact as a JS number: fib(78) < 2^53 < fib(79). */
export const MAX_EXACT_N = 78;

/** The default `--max-n` of servers: fib(40) already takes about a second in JS. */
export const DEFAULT_MAX_N = 40;

/**
 * Returns `n` if it is an integer from 0 to `maxN`; otherwise throws a TypeError
 * (ERR_FIB_TYPE: not a number) or RangeError (ERR_FIB_RANGE: NaN, fraction, out of range).
 */
export function checkN(n: unknown, maxN: number = MAX_EXACT_N): number {
  if (typeof n !== 'number') throw fibTypeError(n, maxN);
  if (!Number.isInteger(n) || n < 0 || n > maxN) throw fibRangeError(n, maxN);
  return n;
}

/**
 * fib(n) by the seed's naive exponential recursion (`if n <= 2: return 1`), without checks: the
 * hot loop of every JS strategy. Every partial sum is some fib(k) ≤ fib(n), so the result is
 * exact while n ≤ MAX_EXACT_N. Only a top-level n = 0 reaches the `0`: the recursion stops at 1 and 2.
 */
export function fibUnchecked(n: number): number {
  if (n <= 2) return n === 0 ? 0 : 1;
  return fibUnchecked(n - 1) + fibUnchecked(n - 2);
}

/** fib(n) for an integer 0 ≤ n ≤ 78 by naive recursion (the work is the point). */
export function fib(n: number): number {
  return fibUnchecked(checkN(n));
}
