import { fibUnchecked } from '../fib.js';
import { calibrateInlineBelow } from './offload-calibration.js';
import { ALONE_BUDGET_US, decideAloneBelow } from './offload-threshold.js';
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
  const aloneBelow = decideAloneBelow(decision.inlineBelow, decision.inlineUsMax, ALONE_BUDGET_US, maxN + 1);
  return withThreshold(
    strategy,
    decision.inlineBelow,
    {
      inlineBelow: decision.inlineBelow,
      aloneBelow,
      hopUs: Math.round(hopUs),
      inlineUsMax: Math.round(decision.inlineUsMax),
      calibrationMs: Math.round(calibrationMs),
    },
    aloneBelow,
  );
}

/**
 * n < `threshold` is answered on the event loop. So is n < `aloneBelow` while the connection is
 * alone — the only one this process serves, with nothing of its own in flight — since then no
 * one waits behind the loop and a hop only adds two thread wake-ups (offload-threshold.ts,
 * ALONE_BUDGET_US). Anything else is offloaded.
 */
export function withThreshold(
  strategy: ComputeStrategy,
  threshold: number,
  details: Record<string, string | number>,
  aloneBelow = threshold,
): ComputeStrategy {
  const inline = strategy.inlineFib ?? fibUnchecked;
  let open = 0;
  return {
    ...strategy,
    details: { ...strategy.details, ...details },
    connect(): ConnectionCompute {
      const offload = strategy.connect();
      let inFlight = 0;
      let released = false;
      open++;
      const settled = () => {
        inFlight--;
      };
      return {
        compute: (n) => {
          // Without the alone rule (fixed thresholds) nothing need be counted per request.
          if (aloneBelow <= threshold) return n < threshold ? inline(n) : offload.compute(n);
          if (n < threshold || (n < aloneBelow && open === 1 && inFlight === 0)) return inline(n);
          const result = offload.compute(n);
          if (typeof result === 'number') return result;
          inFlight++;
          result.then(settled, settled);
          return result;
        },
        release: () => {
          if (!released) open--;
          released = true;
          offload.release();
        },
      };
    },
  };
}
