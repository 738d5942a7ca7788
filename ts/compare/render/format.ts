/** How compare's tables write a figure: rates, ratios, milliseconds, µs; and the order of their rows. */
import { formatRatio, type RatioEstimate } from '../../stats/index.js';
import type { Spread } from '../analyse/summary.js';
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
 * "no significant difference"); the terminal shows the interval as ± half its width.
 */
export const ratio = (r: RatioEstimate | null, style: ReportStyle): string => {
  if (r === null) return '—';
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
