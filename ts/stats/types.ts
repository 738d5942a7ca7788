/** The types of fiblab's statistics: slices of a paired measurement and the verdicts drawn from them. */

/** What a slice measured; a ratio is always taken of one metric. */
export type Metric = 'reqPerSec' | 'cpuUsPerReply' | 'p99Ms';

/**
 * One short measurement slice of one side. Slices of the same `round` were measured back to
 * back (one slice of each side), so they saw the same machine state and form a pair.
 */
export interface Slice {
  /** Which configuration was measured, e.g. `pool@2` or `go@2`: any label, compared by equality. */
  side: string;
  /** Round number (0, 1, 2, …): the slices of one round are paired with each other. */
  round: number;
  /** Replies per second during the slice. */
  reqPerSec: number;
  /** µs of server-tree CPU per answered request during the slice, where it was read. */
  cpuUsPerReply?: number | null;
  /** A latency percentile of the slice, ms (the mixed scenario's I/O client p99), where one was read. */
  p99Ms?: number | null;
}

/** How a 95 % interval is computed from the per-round log ratios (see log-interval.ts for why). */
export type IntervalMethod = 't' | 'signed-rank';

/** A confidence interval on the ratio scale. */
export interface Interval {
  low: number;
  high: number;
}

/** Whether the interval excludes 1, and on which side: benchstat's `~` when it does not. */
export type Significance = 'higher' | 'lower' | '~';

/** A significance read for a rate (higher is better): what the tables print. */
export type Verdict = 'faster' | 'slower' | '~';

/** A paired ratio estimate, e.g. A's req/s ÷ B's req/s over the rounds that measured both. */
export interface RatioEstimate {
  /** Rounds (pairs) the estimate rests on. */
  pairs: number;
  /** The point estimate of the ratio (geometric mean of per-round ratios for `t`). */
  estimate: number;
  /** The 95 % interval; null when there are too few pairs for one (see `method`). */
  interval: Interval | null;
  significance: Significance;
  method: IntervalMethod;
}
