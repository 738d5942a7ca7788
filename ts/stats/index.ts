/** fiblab's statistics: paired ratios with 95 % intervals, significance, precision, summaries, formatting. */
export { type StatsError, type StatsErrorCode, StatsErrorCodes } from './errors.js';
export { formatMeanSd, formatRatio, formatRatioNumber } from './format.js';
export { type LogEstimate, logInterval, MIN_PAIRS } from './log-interval.js';
export {
  pairedLogRatios,
  pairedRatio,
  type RatioOptions,
  ratioFromLogRatios,
  ratioOfRatios,
  roundOrder,
  schedule,
  significanceOf,
  verdictOf,
} from './paired.js';
export { type MorePairs, morePairsNeeded, relativeHalfWidth } from './precision.js';
export { CONFIDENCE, t975 } from './student-t.js';
export { median, quantileSorted, type Summary, summarise } from './summary.js';
export type {
  Interval,
  IntervalMethod,
  Metric,
  RatioEstimate,
  Significance,
  Slice,
  Verdict,
} from './types.js';
