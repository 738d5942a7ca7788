/**
 * A ratio between two runs, new ÷ old, with a 95 % interval from each run's per-round values.
 * Across runs nothing pairs a slice with a slice (round 3 of today has nothing to do with round 3
 * of last week), so the interval is a two-sample one, on log values for the reasons
 * log-interval.ts gives. Two methods; the default was chosen by measured coverage of A vs A
 * (`node --import tsx bench/unpaired-interval-coverage.ts`, 4000 seeded trials, 5 % noise):
 *
 *   rounds a run:            3            6            12
 *   steady    welch / HL     97.8 % / n/a  95.5 / 95.8  95.8 / 96.2
 *   coin-toss welch / HL     97.0 % / n/a  95.3 / 95.5  94.3 / 95.2
 *   jumpy     welch / HL     65.4 % / n/a  61.1 / 65.9  50.2 / 60.7
 *
 * - `hodges-lehmann` (the default): the median of all differences ln xᵢ − ln yⱼ with the
 *   Mann–Whitney interval (benchstat's way). Distribution-free: it holds 95 % with heavy-tailed
 *   slices where Welch slips, and misses less when the machine's speed jumps. Needs 4 rounds a run.
 * - `welch`: Welch's t-interval on the difference of mean log values, its degrees of freedom by
 *   Welch–Satterthwaite, rounded down (the conservative side). Needs 2 rounds a run.
 *
 * When the machine's speed jumps and stays (jumpy), one run can sit on the slow level and the
 * other on the fast: per-round values are then not independent, and no two-sample interval holds.
 *
 * Neither can see a shift of the whole machine between the runs (a slower day, another tenant);
 * that is why within-run paired ratios stay the primary verdict.
 */
import { statsInputError } from './errors.js';
import type { LogEstimate } from './log-interval.js';
import { significanceOf } from './paired.js';
import { CONFIDENCE, t975 } from './student-t.js';
import type { Interval, Significance } from './types.js';

/** How a between-runs interval is computed. */
export type UnpairedMethod = 'welch' | 'hodges-lehmann';

/** Fewest values each run needs for a 95 % interval by each method. */
export const MIN_ROUNDS: Readonly<Record<UnpairedMethod, number>> = { welch: 2, 'hodges-lehmann': 4 };

/** A ratio new ÷ old between two runs. */
export interface UnpairedRatio {
  /** Values each side rests on. */
  n: { new: number; old: number };
  estimate: number;
  /** The 95 % interval; null with fewer values than the method needs. */
  interval: Interval | null;
  significance: Significance;
  method: UnpairedMethod;
}

const mean = (v: readonly number[]) => v.reduce((sum, x) => sum + x, 0) / v.length;
const variance = (v: readonly number[], m: number) =>
  v.reduce((sum, x) => sum + (x - m) ** 2, 0) / (v.length - 1);

/** Welch's t-interval for mean(x) − mean(y). */
export function welchInterval(x: readonly number[], y: readonly number[]): LogEstimate {
  const mx = mean(x);
  const my = mean(y);
  const centre = mx - my;
  const n = Math.min(x.length, y.length);
  if (n < MIN_ROUNDS.welch) return { n, centre, interval: null };
  const vx = variance(x, mx) / x.length;
  const vy = variance(y, my) / y.length;
  const se = Math.sqrt(vx + vy);
  if (se === 0) return { n, centre, interval: { low: centre, high: centre } };
  const df = (vx + vy) ** 2 / (vx ** 2 / (x.length - 1) + vy ** 2 / (y.length - 1));
  const half = t975(Math.max(1, Math.floor(df))) * se;
  return { n, centre, interval: { low: centre - half, high: centre + half } };
}

/**
 * The count k of the Mann–Whitney interval [D_(k), D_(M+1−k)] over the M = m·n sorted
 * differences: the largest k with P(U ≤ k − 1) ≤ α/2 under the null, from U's exact
 * distribution (arrangements of m and n values counted by their U). 0 when none reaches the level.
 */
export function mannWhitneyCount(m: number, n: number, confidence = CONFIDENCE): number {
  // ways[i][j][u]: arrangements of i x's and j y's with U = u, built up one value at a time.
  let previous: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(1).fill(1));
  for (let i = 1; i <= m; i++) {
    const current: Float64Array[] = [new Float64Array(1).fill(1)];
    for (let j = 1; j <= n; j++) {
      const row = new Float64Array(i * j + 1);
      // The largest value is an x (it beats all j y's: U grows by j) or a y.
      const withX = previous[j] as Float64Array;
      const withY = current[j - 1] as Float64Array;
      for (let u = 0; u < row.length; u++) row[u] = (u - j >= 0 ? (withX[u - j] ?? 0) : 0) + (withY[u] ?? 0);
      current.push(row);
    }
    previous = current;
  }
  const counts = previous[n] as Float64Array;
  const total = counts.reduce((sum, c) => sum + c, 0);
  const tail = (1 - confidence) / 2;
  let cumulative = 0;
  let k = 0;
  for (let u = 0; u < counts.length; u++) {
    cumulative += counts[u] as number;
    if (cumulative / total > tail) break;
    k = u + 1;
  }
  return k;
}

/** Hodges–Lehmann shift of x over y with the Mann–Whitney 95 % interval. */
export function hodgesLehmannInterval(x: readonly number[], y: readonly number[]): LogEstimate {
  const d = x.flatMap((a) => y.map((b) => a - b)).sort((p, q) => p - q);
  const mid = d.length >> 1;
  const centre = d.length % 2 === 1 ? (d[mid] as number) : ((d[mid - 1] as number) + (d[mid] as number)) / 2;
  const n = Math.min(x.length, y.length);
  const k = n < MIN_ROUNDS['hodges-lehmann'] ? 0 : mannWhitneyCount(x.length, y.length);
  if (k === 0) return { n, centre, interval: null };
  return { n, centre, interval: { low: d[k - 1] as number, high: d[d.length - k] as number } };
}

function logsOf(values: readonly number[], which: string): number[] {
  if (values.length === 0) throw statsInputError(`no ${which} values to take a ratio of`);
  return values.map((v) => {
    if (!Number.isFinite(v) || v <= 0)
      throw statsInputError(`${which} values must be positive numbers to take a ratio, got ${v}`);
    return Math.log(v);
  });
}

/** The ratio new ÷ old from each run's values (positive numbers), with its 95 % interval. */
export function unpairedRatio(
  fresh: readonly number[],
  old: readonly number[],
  method: UnpairedMethod = 'hodges-lehmann',
): UnpairedRatio {
  const x = logsOf(fresh, 'new');
  const y = logsOf(old, 'old');
  const log = method === 'welch' ? welchInterval(x, y) : hodgesLehmannInterval(x, y);
  const interval = log.interval && { low: Math.exp(log.interval.low), high: Math.exp(log.interval.high) };
  return {
    n: { new: x.length, old: y.length },
    estimate: Math.exp(log.centre),
    interval,
    significance: significanceOf(interval),
    method,
  };
}
