/**
 * Latency histograms: one shape everywhere, sent between threads and written into the JSON
 * report as compressed base64 (HdrHistogram's standard encoding), merged, summarised, and cut
 * into the few rows of the text report's distribution.
 */
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
  JsHistogram,
} from 'hdr-histogram-js';
import { LOAD_LIMITS } from './defaults.js';
import type { LatencySummary } from './types.js';

// No request of a run can take longer than the run itself (warm-up + duration + grace).
const HIGHEST_US = (2 * LOAD_LIMITS.maxDurationS + LOAD_LIMITS.maxGraceS) * 1e6;

/** Values are microseconds: 1 µs resolution, 3 significant digits (0.1 % error), up to the longest run. */
export function createLatencyHistogram(): Histogram {
  return build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    // A fixed range: resizing inside the hot path would be an unpredictable pause.
    autoResize: false,
  });
}

/** Serialises a histogram for `postMessage` and for the JSON report. */
export function encodeHistogram(histogram: Histogram): string {
  return encodeIntoCompressedBase64(histogram);
}

/** Adds every encoded histogram into one fresh histogram. */
export function mergeHistograms(encoded: readonly string[]): Histogram {
  const merged = createLatencyHistogram();
  for (const text of encoded) {
    const part = decodeFromCompressedBase64(text);
    merged.add(part);
    part.destroy();
  }
  return merged;
}

/** The percentiles the report prints, or null if nothing was recorded. */
export function summarise(histogram: Histogram): LatencySummary | null {
  if (histogram.totalCount === 0) return null;
  return {
    samples: histogram.totalCount,
    min: histogram.minNonZeroValue,
    mean: histogram.mean,
    stdev: histogram.stdDeviation,
    p50: histogram.getValueAtPercentile(50),
    p90: histogram.getValueAtPercentile(90),
    p99: histogram.getValueAtPercentile(99),
    p99_9: histogram.getValueAtPercentile(99.9),
    max: histogram.maxValue,
  };
}

/** One row of a latency distribution: how many replies took more than the previous row's bound and at most `upToUs`. */
export interface DistributionRow {
  upToUs: number;
  count: number;
}

/** Most rows a distribution has; a wider spread gets coarser steps. */
const MAX_ROWS = 12;
/** Row bounds per decade, finest first: 1-2-5 (10, 20, 50 µs, …), then 1-3 (10, 30, 100 µs, …), then whole decades. */
const LADDERS = [[1, 2, 5], [1, 3], [1]] as const;

function ladder(steps: readonly number[], from: number, to: number): number[] {
  const bounds: number[] = [];
  for (let decade = 1; bounds.length === 0 || (bounds.at(-1) as number) < to; decade *= 10) {
    for (const step of steps) {
      const bound = step * decade;
      if (bound >= from && (bounds.length === 0 || (bounds.at(-1) as number) < to)) bounds.push(bound);
    }
  }
  return bounds;
}

/**
 * The latencies of an encoded histogram (µs) in rows with round, log-spaced bounds, from the
 * first bound at or above the fastest reply to the first at or above the slowest; empty rows in
 * between stay (a gap is part of the shape). Empty when nothing was recorded.
 */
export function latencyDistribution(encoded: string): DistributionRow[] {
  const histogram = decodeFromCompressedBase64(encoded);
  try {
    if (histogram.totalCount === 0) return [];
    if (!(histogram instanceof JsHistogram)) throw new Error('expected a JS histogram');
    const max = Math.max(1, histogram.maxValue);
    // minNonZeroValue is huge when only zeros were recorded (a sub-µs reply rounds to 0).
    const min = Math.min(Math.max(1, histogram.minNonZeroValue), max);
    const candidates = LADDERS.map((steps) => ladder(steps, min, max));
    const bounds = candidates.find((b) => b.length <= MAX_ROWS) ?? (candidates.at(-1) as number[]);
    const rows = bounds.map((upToUs) => ({ upToUs, count: 0 }));
    for (let index = 0; index < histogram.countsArrayLength; index++) {
      const count = histogram.getCountAtIndex(index);
      if (count === 0) continue;
      // Every value in this slot is within 0.1 % of its lowest; the slot goes to the row that holds that.
      const value = histogram.valueFromIndex(index);
      const row = rows.find((r) => value <= r.upToUs) ?? rows.at(-1);
      if (row !== undefined) row.count += count;
    }
    return rows;
  } finally {
    histogram.destroy();
  }
}
