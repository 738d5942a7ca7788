import { fibUnchecked } from '../fib.js';
import { calibrateInlineBelow } from './offload-calibration.js';
import type { ComputeStrategy, ConnectionCompute } from './strategy.js';

/** `--inline-below`: a fixed threshold (0 = off), or `auto` (measured at start). */
export type InlineBelowSetting = number | 'auto';

/**
 * Answers n below `threshold` on the event loop and hands only larger n to `strategy`: a hop to
 * another thread or process costs 25–130 µs and, on busy cores, a scheduler wake-up of
 * milliseconds, which is far more than fib of a small n. The inline fib is the strategy's own
 * kind (its `inlineFib`: Rust for native-async), JS for the others.
 */
export function inlineBelow(strategy: ComputeStrategy, threshold: number): ComputeStrategy {
  if (threshold <= 0) return strategy;
  return withThreshold(strategy, threshold, { inlineBelow: threshold });
}

/**
 * `strategy` with `--inline-below` applied. `auto` measures this process's hop and inline fib
 * first (offload-calibration.ts, at most ~300 ms) and puts what it found in the details, so the
 * readiness line says it: `inlineBelow=24 hopUs=55 inlineUsMax=52 calibrationMs=61`. A strategy
 * that answers on the event loop already has nothing to decide: `inlineBelow=all`.
 */
export async function applyInlineBelow(
  strategy: ComputeStrategy,
  setting: InlineBelowSetting,
  maxN: number,
): Promise<ComputeStrategy> {
  if (setting !== 'auto') return inlineBelow(strategy, setting);
  const calibration = await calibrateInlineBelow(strategy, maxN);
  if (calibration.kind === 'on-the-loop') {
    return { ...strategy, details: { ...strategy.details, inlineBelow: 'all' } };
  }
  const { decision, hopUs, calibrationMs } = calibration;
  return withThreshold(strategy, decision.inlineBelow, {
    inlineBelow: decision.inlineBelow,
    hopUs: Math.round(hopUs),
    inlineUsMax: Math.round(decision.inlineUsMax),
    calibrationMs: Math.round(calibrationMs),
  });
}

function withThreshold(
  strategy: ComputeStrategy,
  threshold: number,
  details: Record<string, string | number>,
): ComputeStrategy {
  const inline = strategy.inlineFib ?? fibUnchecked;
  return {
    ...strategy,
    details: { ...strategy.details, ...details },
    connect(): ConnectionCompute {
      const offload = strategy.connect();
      return {
        compute: (n) => (n < threshold ? inline(n) : offload.compute(n)),
        release: () => offload.release(),
      };
    },
  };
}
