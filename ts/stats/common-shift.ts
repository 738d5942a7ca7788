/**
 * Many ratios new ÷ old taken between the same two runs share a factor no per-round interval can
 * see: the machine's state in each run (a slower hour of the VM, another tenant). Two quiet default
 * runs back to back moved every cell by ~1.13× with nothing changed (docs/baseline.md), so a
 * cell-by-cell verdict calls most cells "better".
 *
 * The reading here is a random-effects one, as a meta-analysis pools studies: each cell's log
 * ratio is dᵢ = μ + δᵢ + εᵢ, where μ is the shift common to the run, δᵢ the cell's own run-to-run
 * scatter (variance τ², the same for every cell) and εᵢ its sampling error (what the per-round
 * interval measures). μ is the median of the dᵢ — a minority of cells truly changed does not move
 * it — with the median's standard error 1.2533·σ/√k; σ is 1.4826·MAD of the dᵢ; τ² is what σ²
 * leaves beyond the typical sampling variance. A cell's ratio against the run is dᵢ − μ, with an
 * interval that adds μ's uncertainty and τ² to the cell's own (in quadrature, on log values).
 *
 * What it cannot tell: a change that moves most cells alike (a runtime upgrade, a change to the
 * load generator) is read as the machine. The shift is printed beside it for that reason.
 */
import { significanceOf } from './paired.js';
import { median } from './summary.js';
import type { Interval, Significance } from './types.js';

/** z of a two-sided 95 % interval. */
const Z = 1.959964;
/** Fewest cells with an interval from which a shift and a scatter are estimated. */
export const MIN_SHIFT_CELLS = 8;

/** A ratio with its 95 % interval (as between-runs ratios are). */
export interface RatioWithInterval {
  estimate: number;
  interval: Interval | null;
}

/** The factor every cell shares between two runs. */
export interface CommonShift {
  /** The median of the cells' ratios. */
  estimate: number;
  /** 95 % interval of that median. */
  interval: Interval;
  /** A cell's own run-to-run scatter beyond its interval, as a factor: 1.06 = ±6 % (95 %). */
  scatter: number;
  /** Cells it rests on. */
  cells: number;
}

/** A cell's ratio read against the run's shift. */
export interface ShiftedRatio {
  estimate: number;
  interval: Interval;
  significance: Significance;
}

/** The shift the cells share, or null with fewer than MIN_SHIFT_CELLS cells that have an interval. */
export function commonShift(ratios: readonly RatioWithInterval[]): CommonShift | null {
  const usable = ratios.filter(
    (r): r is { estimate: number; interval: Interval } =>
      r.interval !== null && r.estimate > 0 && r.interval.low > 0 && Number.isFinite(r.interval.high),
  );
  if (usable.length < MIN_SHIFT_CELLS) return null;
  const d = usable.map((r) => Math.log(r.estimate));
  const mu = median(d);
  const sigma = 1.4826 * median(d.map((x) => Math.abs(x - mu)));
  const withinVariance = median(
    usable.map((r) => ((Math.log(r.interval.high) - Math.log(r.interval.low)) / (2 * Z)) ** 2),
  );
  const tau = Math.sqrt(Math.max(0, sigma ** 2 - withinVariance));
  const se = (1.2533 * sigma) / Math.sqrt(usable.length);
  return {
    estimate: Math.exp(mu),
    interval: { low: Math.exp(mu - Z * se), high: Math.exp(mu + Z * se) },
    scatter: Math.exp(Z * tau),
    cells: usable.length,
  };
}

/** `ratio` ÷ the run's shift, with the shift's uncertainty and the cells' scatter in its interval. */
export function againstShift(ratio: RatioWithInterval, shift: CommonShift): ShiftedRatio | null {
  if (ratio.interval === null || ratio.estimate <= 0 || ratio.interval.low <= 0) return null;
  const d = Math.log(ratio.estimate);
  const mu = Math.log(shift.estimate);
  // Shared part of the half-width: the median's own uncertainty and the cells' scatter.
  const shared =
    ((Math.log(shift.interval.high) - Math.log(shift.interval.low)) / 2) ** 2 + Math.log(shift.scatter) ** 2;
  const below = Math.sqrt((d - Math.log(ratio.interval.low)) ** 2 + shared);
  const above = Math.sqrt((Math.log(ratio.interval.high) - d) ** 2 + shared);
  const interval = { low: Math.exp(d - mu - below), high: Math.exp(d - mu + above) };
  return { estimate: Math.exp(d - mu), interval, significance: significanceOf(interval) };
}
