/** Latency histograms: one shape everywhere, sent between threads as compressed base64, merged, summarised. */
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
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

/** Serialises a histogram for `postMessage`. */
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
