/**
 * A cell's server CPU from its whole time, where the sampler's clock is too coarse for one slice
 * (procps `ps`: whole seconds, against slices that use a fraction of a second of CPU).
 *
 * Why the slices' readings are added up rather than read once around the cell: a server is not
 * restarted between rounds and serves every cell of its session in turn (and a warm-up before
 * each slice), so its counter between a cell's first and last slice holds other cells' work too.
 * What can be added up is each slice's own window: its reading is off by less than one step, by
 * where the window's edges fell between two steps. That error has mean 0 (an edge falls anywhere
 * within a step: the work between two slices of a cell is unrelated to the clock) and a standard
 * deviation of at most half a step. Each process of a tree is read in whole steps, so over k slices
 * of m processes the sum is off by at most √(k·m) steps with 95 % confidence (1.96 × ½ × √(k·m)),
 * while the CPU grows with k: enough rounds (or longer slices) make it fine.
 */
import { coarseReason } from '../../platform/cpu-resolution.js';
import type { RatioEstimate } from '../../stats/index.js';
import type { MeasurementRecord } from '../types.js';

/** The largest 95 % bound of a whole-time figure, as a share of it, that a table shows (the issue's ±10 %). */
export const WHOLE_MAX_SHARE = 0.1;

/** A cell's CPU from its whole time. */
export interface WholeCpu {
  /** µs of server CPU per reply over all the cell's windows. */
  cpuUsPerReply: number;
  /** Server CPU over all the cell's windows, % of one core. */
  serverCpu: number;
  /** The sampler's CPU step, ms. */
  stepMs: number;
  /** Slices added up. */
  slices: number;
  /** The 95 % bound of `cpuUsPerReply` (±), µs. */
  halfWidthUs: number;
}

/** The 95 % bound of a sum of `readings` process readings (slices × processes) of a clock with `stepMs` steps, ms. */
export const wholeBoundMs = (readings: number, stepMs: number): number => Math.sqrt(readings) * stepMs;

/**
 * The cell's CPU from the whole of its slices' windows, when every slice kept its coarse reading;
 * `{ reason }` when it is still too coarse (or nothing was read), undefined where the slices had
 * figures of their own (a fine clock).
 */
export function wholeCpu(cell: readonly MeasurementRecord[]): WholeCpu | { reason: string } | undefined {
  const coarse = cell.map((r) => r.coarseCpu);
  if (coarse.length === 0 || coarse.some((c) => c === undefined)) return undefined;
  const readings = coarse as NonNullable<MeasurementRecord['coarseCpu']>[];
  const stepMs = Math.max(...readings.map((c) => c.stepMs));
  const cpuMs = readings.reduce((sum, c) => sum + c.cpuMs, 0);
  const replies = readings.reduce((sum, c) => sum + c.replies, 0);
  const windowMs = readings.reduce((sum, c) => sum + c.windowMs, 0);
  const boundMs = wholeBoundMs(
    readings.reduce((sum, c) => sum + Math.max(1, c.processes ?? 1), 0),
    stepMs,
  );
  if (replies === 0) return { reason: 'no replies' };
  if (cpuMs <= 0 || boundMs > WHOLE_MAX_SHARE * cpuMs) return { reason: coarseReason(stepMs) };
  return {
    cpuUsPerReply: (cpuMs * 1000) / replies,
    serverCpu: (cpuMs / windowMs) * 100,
    stepMs,
    slices: readings.length,
    halfWidthUs: (boundMs * 1000) / replies,
  };
}

/**
 * The ratio of two cells' whole-time CPU per reply, its interval the widest their two 95 % bounds
 * allow (not a paired interval: the slices' readings are too coarse to pair); `~` where it holds 1.
 */
export function wholeRatio(
  a: WholeCpu,
  b: WholeCpu,
): Pick<RatioEstimate, 'estimate' | 'interval' | 'significance'> {
  const low = (a.cpuUsPerReply - a.halfWidthUs) / (b.cpuUsPerReply + b.halfWidthUs);
  const high = (a.cpuUsPerReply + a.halfWidthUs) / (b.cpuUsPerReply - b.halfWidthUs);
  return {
    estimate: a.cpuUsPerReply / b.cpuUsPerReply,
    interval: { low, high },
    significance: low > 1 ? 'higher' : high < 1 ? 'lower' : '~',
  };
}
