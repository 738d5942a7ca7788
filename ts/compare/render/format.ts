/** How compare's tables write a figure: rates, ratios, milliseconds, µs; and the order of their rows. */

import { stepWords } from '../../platform/cpu-resolution.js';
import { formatRatio, type RatioEstimate } from '../../stats/index.js';
import type { CellSummary, Spread } from '../analyse/summary.js';
import type { OfferedLoad } from '../scenarios.js';

/** Which rendering: `markdown` (files, the README, the HTML report) or `terminal` (120 columns). */
export type ReportStyle = 'markdown' | 'terminal';

/** A whole number with thousands separators. */
export const int = (v: number) => Math.round(v).toLocaleString('en-US');
/** Milliseconds with three significant digits or so; `—` for none. */
export const ms = (v: number | null) =>
  v === null ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
const hasRange = (s: Spread, resolution: number) => s.max - s.min >= resolution;
/** A rate with its spread over repeats; one repeat (or none) shows none. */
export const rate = (s: Spread, style: ReportStyle) =>
  !hasRange(s, 0.5)
    ? int(s.median)
    : style === 'markdown'
      ? `${int(s.median)} (${int(s.min)}–${int(s.max)})`
      : `${int(s.median)} ±${Math.round(((s.max - s.min) / 2 / s.median) * 100)}%`;
/**
 * A paired ratio: estimate and 95 % interval, `~` in front when the interval holds 1 (benchstat's
 * "no significant difference"); the terminal shows the interval as ± half its width; none: n/a with its reason.
 */
export const ratio = (r: RatioEstimate | null, style: ReportStyle, reason = NO_PAIRS): string => {
  if (r === null) return na(reason);
  if (style === 'markdown' || r.interval === null) return formatRatio(r);
  const half = Math.round(((r.interval.high - r.interval.low) / 2 / r.estimate) * 100);
  // Two pairs of a noisy figure (a p99) can give an interval of any width: past ±999 % it only says "wide".
  return `${r.significance === '~' ? '~ ' : ''}${r.estimate.toFixed(2)}× ±${half > 999 ? '>999' : half}%`;
};
/** Microseconds: whole from 100 on, one decimal below; `—` for none. */
export const us = (v: number | null) => (v === null ? '—' : v >= 100 ? int(v) : v.toFixed(1));

/**
 * Which loop a latency figure comes from, in words: `open loop, 1,000 req/s` (requests on a fixed
 * schedule, latency from the intended send time) or `closed loop` (each request sent on the last reply).
 */
export const loopLabel = (offered: OfferedLoad | undefined): string =>
  offered === undefined
    ? 'closed loop'
    : 'rate' in offered
      ? `open loop, ${int(offered.rate)} req/s`
      : `open loop, ${Math.round(offered.share * 100)} % of capacity`;

/** A figure the run could not have, and why: never a bare blank, dash or 0. */
export const na = (reason: string | undefined) => `n/a (${reason ?? 'not measured'})`;

/** The mark of a CPU figure from its cell's whole time (analyse/cpu-whole.ts); the section's note says why. */
export const WHOLE_MARK = '‡';

/** A cell's server CPU µs per reply: ‡ when from its whole time, else n/a with the reason. */
export const cpuUsCell = (cell: CellSummary | undefined): string =>
  cell === undefined
    ? na('not measured')
    : cell.cpuUsPerReply === null
      ? na(cell.na?.cpu)
      : `${us(cell.cpuUsPerReply)}${cell.cpuWhole === undefined ? '' : ` ${WHOLE_MARK}`}`;

/** A cell's server CPU, % of one core: ‡ when from its whole time, else n/a with the reason. */
export const cpuPctCell = (cell: CellSummary): string =>
  cell.serverCpu === null
    ? na(cell.na?.cpu)
    : `${int(cell.serverCpu)}${cell.cpuWhole === undefined ? '' : ` ${WHOLE_MARK}`}`;

/** A cell's peak RSS, MiB, or n/a with the reason. */
export const rssCell = (cell: CellSummary | undefined): string =>
  cell === undefined
    ? na('not measured')
    : cell.serverRssMiB === null
      ? na(cell.na?.rss)
      : int(cell.serverRssMiB);

/** A cell's p99 (or p50), ms, or n/a with the reason. */
export const latencyCell = (cell: CellSummary | undefined, value: number | null | undefined): string =>
  cell === undefined ? na('not measured') : value == null ? na(cell.na?.latency) : ms(value);

/**
 * The note under a table with whole-time CPU figures: what ‡ means, the sampler's step and the
 * widest bound among them ('' when none).
 */
export function wholeNote(cells: readonly CellSummary[]): string {
  const whole = cells.flatMap((c) => (c.cpuWhole === undefined || c.cpuUsPerReply === null ? [] : [c]));
  if (whole.length === 0) return '';
  const step = Math.max(...whole.map((c) => c.cpuWhole?.stepMs ?? 0));
  const widest = Math.max(...whole.map((c) => (c.cpuWhole?.halfWidthUs ?? 0) / (c.cpuUsPerReply as number)));
  return `${WHOLE_MARK} CPU per reply from the cell's whole time: the sampler's resolution is ${stepWords(step)}, too coarse for one slice, so each cell's slices' windows are added up (within ±${Math.ceil(widest * 100)} % at 95 %); a ratio of two such figures has the interval their bounds allow, not a paired one.`;
}

/** Why a paired ratio is missing when both sides ran: a ratio needs two rounds with both served and read. */
export const NO_PAIRS = 'under 2 paired rounds';
