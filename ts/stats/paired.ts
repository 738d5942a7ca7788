/**
 * Paired ratios from interleaved slices. Each round measures every side once, back to back, so
 * the two slices of a pair see the same machine state; a slow moment that spans a round scales
 * both sides and cancels in their ratio. Within a round the order alternates (A B | B A | A B …,
 * the ABBA design): a drift of the machine's speed during a round then favours A in one round and
 * B in the next, and a drift that is steady on the log scale cancels exactly over each two rounds.
 *
 * "A vs B" may be any two measured sides: two servers (× Go), or one server at two client counts
 * (2 clients ÷ 1 client), or a ratio of such ratios (a server's scaling ÷ Go's scaling).
 */
import { statsInputError } from './errors.js';
import { logInterval } from './log-interval.js';
import type { IntervalMethod, Metric, RatioEstimate, Significance, Slice, Verdict } from './types.js';

/** Options of the ratio functions. */
export interface RatioOptions {
  /** Which figure of the slices to compare; req/s by default. */
  metric?: Metric;
  /** How the interval is computed (log-interval.ts says why); `t` by default. */
  method?: IntervalMethod;
}

/**
 * The order in which to measure `sides` in round `round` (0-based): as given in even rounds,
 * reversed in odd ones. Two sides give A B B A A B B A …; more give a b c c b a a b c ….
 */
export function roundOrder<S>(sides: readonly S[], round: number): S[] {
  return round % 2 === 0 ? [...sides] : [...sides].reverse();
}

/** The whole schedule of `rounds` rounds, each slice tagged with its round. */
export function schedule<S extends string>(
  sides: readonly S[],
  rounds: number,
): Array<{ round: number; side: S }> {
  return Array.from({ length: rounds }, (_, round) =>
    roundOrder(sides, round).map((side) => ({ round, side })),
  ).flat();
}

function figureOf(slice: Slice, metric: Metric): number {
  const value = slice[metric];
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw statsInputError(
      `slice of '${slice.side}' in round ${slice.round}: ${metric} must be a positive number to take a ratio, got ${value}`,
    );
  }
  return value;
}

/** Each round's value of each side in `sides`, for the rounds that measured them all; in round order. */
function roundsWith(slices: readonly Slice[], sides: readonly string[], metric: Metric): number[][] {
  const byRound = new Map<number, Map<string, number>>();
  for (const slice of slices) {
    if (!sides.includes(slice.side)) continue;
    const round = byRound.get(slice.round) ?? new Map<string, number>();
    if (round.has(slice.side))
      throw statsInputError(`'${slice.side}' was measured twice in round ${slice.round}`);
    round.set(slice.side, figureOf(slice, metric));
    byRound.set(slice.round, round);
  }
  return [...byRound.entries()]
    .sort(([x], [y]) => x - y)
    .flatMap(([, round]) =>
      sides.every((s) => round.has(s)) ? [sides.map((s) => round.get(s) as number)] : [],
    );
}

/** The per-round log ratios ln(a/b): what the estimate and its interval are computed from. */
export function pairedLogRatios(
  slices: readonly Slice[],
  a: string,
  b: string,
  metric: Metric = 'reqPerSec',
): number[] {
  if (a === b)
    throw statsInputError(`a side cannot be compared with itself by name ('${a}'); label the two runs apart`);
  return roundsWith(slices, [a, b], metric).map(([x, y]) => Math.log((x as number) / (y as number)));
}

/** Where the interval lies against 1 (null interval: `~`, nothing is established). */
export function significanceOf(interval: { low: number; high: number } | null): Significance {
  if (interval === null) return '~';
  if (interval.low > 1) return 'higher';
  if (interval.high < 1) return 'lower';
  return '~';
}

/** The verdict a table prints: for a rate higher is faster; for a cost (CPU per reply) lower is. */
export function verdictOf(significance: Significance, higherIsBetter = true): Verdict {
  if (significance === '~') return '~';
  return (significance === 'higher') === higherIsBetter ? 'faster' : 'slower';
}

/** A ratio estimate from per-round log ratios. */
export function ratioFromLogRatios(d: readonly number[], method: IntervalMethod = 't'): RatioEstimate {
  const log = logInterval(d, method);
  const interval = log.interval && { low: Math.exp(log.interval.low), high: Math.exp(log.interval.high) };
  return {
    pairs: log.n,
    estimate: Math.exp(log.centre),
    interval,
    significance: significanceOf(interval),
    method,
  };
}

/**
 * The paired ratio a ÷ b (e.g. a's req/s over b's) over every round that measured both sides,
 * with its 95 % interval. Throws ERR_STATS_INPUT when no round measured both, a side was
 * measured twice in a round, or a value is not a positive number.
 */
export function pairedRatio(
  slices: readonly Slice[],
  a: string,
  b: string,
  options: RatioOptions = {},
): RatioEstimate {
  const d = pairedLogRatios(slices, a, b, options.metric);
  if (d.length === 0) throw statsInputError(`no round measured both '${a}' and '${b}'`);
  return ratioFromLogRatios(d, options.method);
}

/**
 * The ratio of two paired ratios, (a ÷ b) ÷ (c ÷ d), round by round: e.g. pool's 2-client ÷
 * 1-client scaling over Go's. Uses the rounds that measured all four sides.
 */
export function ratioOfRatios(
  slices: readonly Slice[],
  [a, b]: readonly [string, string],
  [c, d]: readonly [string, string],
  options: RatioOptions = {},
): RatioEstimate {
  const sides = [a, b, c, d];
  if (new Set(sides).size !== 4)
    throw statsInputError(`a ratio of ratios needs four different sides, got ${sides.join(', ')}`);
  const logs = roundsWith(slices, sides, options.metric ?? 'reqPerSec').map(([va, vb, vc, vd]) =>
    Math.log(((va as number) / (vb as number)) * ((vd as number) / (vc as number))),
  );
  if (logs.length === 0) throw statsInputError(`no round measured all of ${sides.join(', ')}`);
  return ratioFromLogRatios(logs, options.method);
}
