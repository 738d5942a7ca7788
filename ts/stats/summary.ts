/** Descriptive figures of a list of slice (or repeat) rates: centre and spread, robust and classical. */
import { statsInputError } from './errors.js';

/** Centre and spread of a list of values. */
export interface Summary {
  n: number;
  median: number;
  /** Median absolute deviation from the median (unscaled; × 1.4826 estimates σ for normal data). */
  mad: number;
  /** Quartiles by linear interpolation (R's type 7, numpy's default). */
  q1: number;
  q3: number;
  iqr: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one value. */
  sd: number;
  min: number;
  max: number;
}

/** The `p` quantile (0..1) of sorted values, interpolating linearly between order statistics. */
export function quantileSorted(sorted: readonly number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - below);
}

/** Median of `values` (at least one). */
export function median(values: readonly number[]): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Centre and spread of `values`: at least one, all finite. */
export function summarise(values: readonly number[]): Summary {
  if (values.length === 0) throw statsInputError('no values to summarise');
  const bad = values.find((v) => !Number.isFinite(v));
  if (bad !== undefined) throw statsInputError(`values must be finite numbers, got ${bad}`);
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = quantileSorted(sorted, 0.5);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / n;
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  return {
    n,
    median: mid,
    mad: median(sorted.map((v) => Math.abs(v - mid))),
    q1,
    q3,
    iqr: q3 - q1,
    mean,
    sd: n < 2 ? 0 : Math.sqrt(sorted.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1)),
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
  };
}
