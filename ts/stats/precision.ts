/** Precision on demand (`--precision 5%`): how wide an interval is, and how many more pairs would narrow it. */
import type { RatioEstimate } from './types.js';

/**
 * The interval's half-width relative to the estimate, (high − low) / 2 / estimate: 0.05 reads
 * "± 5 %". Undefined without an interval (fewer pairs than the method needs).
 */
export function relativeHalfWidth(ratio: Pick<RatioEstimate, 'estimate' | 'interval'>): number | undefined {
  if (ratio.interval === null) return undefined;
  return (ratio.interval.high - ratio.interval.low) / 2 / ratio.estimate;
}

/** How many more pairs a cell needs, and whether its budget allows them. */
export interface MorePairs {
  /** Pairs to add (0 when the target is met); never more than the budget. */
  more: number;
  /** False when the target needs more pairs than the budget allows (then `more` is the budget). */
  reachable: boolean;
}

/**
 * Pairs to add so the relative half-width reaches `target`, at most `budget` more. The width
 * shrinks as 1/√n for a steady spread, so n · (width / target)² pairs are needed in all; the
 * t-quantile also shrinks with n, which makes this slightly generous. Without an interval yet
 * (`width` undefined), asks for enough pairs to get one (`minPairs`).
 */
export function morePairsNeeded(
  current: { pairs: number; width: number | undefined },
  target: number,
  budget: number,
  minPairs = 2,
): MorePairs {
  if (!(target > 0)) throw new RangeError(`the target half-width must be above 0, got ${target}`);
  const room = Math.max(0, Math.floor(budget));
  const needed =
    current.width === undefined
      ? Math.max(minPairs, current.pairs + 1) - current.pairs
      : Math.max(0, Math.ceil(current.pairs * (current.width / target) ** 2) - current.pairs);
  return needed <= room ? { more: needed, reachable: true } : { more: room, reachable: false };
}
