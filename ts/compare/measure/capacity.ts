/**
 * A latency ladder's shares are of each server's own capacity in the same run: its closed-loop
 * req/s in the CPU-bound cell at the ladder's n and connections, measured in a few rounds before
 * the ladder's first (a rate measured on another day or machine would put the steps elsewhere).
 */
import { median } from '../../stats/index.js';
import { type Cell, capacityCell, sameCell } from '../scenarios.js';
import type { MeasurementRecord, Timing } from '../types.js';
import type { SliceTarget } from './slice.js';

/** Rounds of the capacity cells before the ladder: a median of three steadies one slow slice. */
export const CAPACITY_ROUNDS = 3;
/** The longest capacity slice: a closed-loop rate needs no more, however long the ladder's slices are. */
const CAPACITY_SLICE_S = 0.4;

/** The timing of the capacity rounds: the run's, with slices no longer than {@link CAPACITY_SLICE_S}. */
export const capacityTiming = (timing: Timing): Timing => ({
  ...timing,
  sliceS: Math.min(timing.sliceS, CAPACITY_SLICE_S),
});

/**
 * The capacity a share of `cell` is taken of, for the server of `target`: the median req/s of its
 * capacity slices in which every client was served; undefined for a cell that is not a share of
 * capacity, or when no such slice exists.
 */
export function capacityOf(
  records: readonly MeasurementRecord[],
  target: Pick<SliceTarget, 'variant' | 'runtime' | 'transport'>,
  cell: Cell,
): number | undefined {
  if (cell.offered === undefined || !('share' in cell.offered)) return undefined;
  const of = capacityCell(cell);
  const rates = records
    .filter(
      (r) =>
        r.variant === target.variant &&
        r.runtime === target.runtime &&
        (r.transport ?? 'tcp') === (target.transport ?? 'tcp') &&
        sameCell(r, of) &&
        r.notServed === 0 &&
        r.reqPerSec > 0,
    )
    .map((r) => r.reqPerSec);
  return rates.length === 0 ? undefined : median(rates);
}
