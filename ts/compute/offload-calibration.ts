/**
 * `--inline-below auto`, the measuring half: at start a server times its own hop (one request
 * through the strategy's real `connect().compute(n)`, fair queue and all) and its own inline fib
 * for n = 0, 1, 2, … until that clearly exceeds the hop; offload-threshold.ts decides from the
 * medians. Bounded: see {@link CALIBRATION_BUDGET}.
 */
import { fibUnchecked } from '../fib.js';
import { decideInlineBelow, INLINE_FACTOR, type InlineBelowDecision } from './offload-threshold.js';
import type { ComputeStrategy } from './strategy.js';

/** How much measuring a calibration does at most, and why. */
export const CALIBRATION_BUDGET = {
  /** Hops thrown away first (after the one that waits for the workers to start): JIT, thread wake-up paths. */
  warmupHops: 20,
  warmupMs: 50,
  /** "A few hundred" hops, an odd count for a plain median; fewer if the time runs out. */
  hopSamples: 301,
  hopMs: 150,
  /** Batches timed per n (median); at least 3 even when the time is up, so the last n is a median too. */
  inlineRepeats: 9,
  inlineMs: 100,
  /** A batch of inline calls lasts about this long, so a small n is not timed below the clock's grain. */
  batchUs: 50,
} as const;

/** The request a hop carries: fib(1) costs nothing anywhere, so the round trip is all hop. */
const HOP_N = 1;
const PHI = 1.618;
/** Where the timed results go, so no call is optimised away as unused. */
let sink = 0;

/** What calibrating a strategy found. */
export type Calibration =
  | {
      kind: 'measured';
      /** Median round trip of one offloaded request, µs. */
      hopUs: number;
      /** Median inline cost of fib(n), µs, for n = 0 … as far as the measuring went. */
      inlineUs: number[];
      decision: InlineBelowDecision;
      /** Time the measuring took (after the first reply, which waits for the strategy's workers to start). */
      calibrationMs: number;
    }
  /** The strategy answers on the event loop already (inline, native-sync): nothing to decide. */
  | { kind: 'on-the-loop' };

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Times `strategy`'s hop and inline fib and decides where offloading starts to pay, for n up to `maxN`. */
export async function calibrateInlineBelow(
  strategy: ComputeStrategy,
  maxN: number,
  factor: number = INLINE_FACTOR,
): Promise<Calibration> {
  // A pool whose workers are unref'd (worker-per-connection) keeps nothing alive while the
  // server has not listened yet: without this the process could exit mid-calibration.
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    const connection = strategy.connect();
    let hopUs: number;
    let started: number;
    try {
      const first = connection.compute(HOP_N);
      if (typeof first === 'number') return { kind: 'on-the-loop' };
      await first;
      started = performance.now();
      hopUs = await medianHopUs((n) => connection.compute(n));
    } finally {
      connection.release();
    }
    const inlineUs = medianInlineUs(strategy.inlineFib ?? fibUnchecked, maxN, factor * hopUs);
    return {
      kind: 'measured',
      hopUs,
      inlineUs,
      decision: decideInlineBelow(hopUs, inlineUs, factor),
      calibrationMs: performance.now() - started,
    };
  } finally {
    clearInterval(keepAlive);
  }
}

/** Median round trip of one request at a time, after a warm-up. */
async function medianHopUs(compute: (n: number) => number | Promise<number>): Promise<number> {
  const b = CALIBRATION_BUDGET;
  const warmupEnd = performance.now() + b.warmupMs;
  for (let i = 0; i < b.warmupHops && performance.now() < warmupEnd; i++) await compute(HOP_N);
  const samples: number[] = [];
  const end = performance.now() + b.hopMs;
  while (samples.length < b.hopSamples && (samples.length < 3 || performance.now() < end)) {
    const t = performance.now();
    await compute(HOP_N);
    samples.push((performance.now() - t) * 1000);
  }
  return median(samples);
}

/**
 * Median inline cost of fib(n) for n = 0, 1, … : stops once two n in a row exceed `limitUs`
 * (it grows by φ per n: that is "clearly above"), at `maxN`, or when the time is up.
 */
function medianInlineUs(fib: (n: number) => number, maxN: number, limitUs: number): number[] {
  const b = CALIBRATION_BUDGET;
  // Warm-up: the JS fib gets compiled before it is timed.
  for (let i = 0; i < 200; i++) sink += fib(10);
  const costs: number[] = [];
  const end = performance.now() + b.inlineMs;
  let estimateUs = 0.05;
  for (let n = 0; n <= maxN && performance.now() < end; n++) {
    const batch = Math.max(1, Math.ceil(b.batchUs / estimateUs));
    const samples: number[] = [];
    while (samples.length < b.inlineRepeats && (samples.length < 3 || performance.now() < end)) {
      const t = performance.now();
      for (let i = 0; i < batch; i++) sink += fib(n);
      samples.push(((performance.now() - t) * 1000) / batch);
    }
    const cost = median(samples);
    costs.push(cost);
    estimateUs = Math.max(cost * PHI, 0.01);
    if (cost > limitUs && n > 0 && (costs[n - 1] as number) > limitUs) break;
  }
  if (sink < 0) throw new Error('unreachable: fib is never negative');
  return costs;
}
