/** How ratios and spreads read in tables: `1.83× (1.71–1.95)`, `~ 1.02× (0.95–1.09)`, `5,569 ± 120`. */
import type { RatioEstimate } from './types.js';

/** A ratio as tables print it: 2 decimals below 10 (0.95, 1.83), 1 below 100 (18.3), none above; 2 significant digits below 0.1. */
export function formatRatioNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (size !== 0 && size < 0.1) return value.toPrecision(2);
  if (size < 10) return value.toFixed(2);
  if (size < 100) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

/**
 * `1.83× (1.71–1.95)` when the interval excludes 1; `~ 1.02× (0.95–1.09)` when it does not
 * (benchstat's mark); `~ 1.02× (n/a)` when there is no interval (one pair, or too few for the method).
 */
export function formatRatio(ratio: Pick<RatioEstimate, 'estimate' | 'interval' | 'significance'>): string {
  const mark = ratio.significance === '~' ? '~ ' : '';
  const interval =
    ratio.interval === null
      ? 'n/a'
      : `${formatRatioNumber(ratio.interval.low)}–${formatRatioNumber(ratio.interval.high)}`;
  return `${mark}${formatRatioNumber(ratio.estimate)}× (${interval})`;
}

/** `mean ± σ` as hyperfine prints it, both rounded to `digits` decimals; σ is omitted for one value. */
export function formatMeanSd(summary: { n: number; mean: number; sd: number }, digits = 0): string {
  const show = (v: number) =>
    v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return summary.n < 2 ? show(summary.mean) : `${show(summary.mean)} ± ${show(summary.sd)}`;
}
