import { fibUnchecked } from '../fib.js';
import type { ComputeStrategy, ConnectionCompute } from './strategy.js';

/**
 * Answers n below `threshold` on the event loop and hands only larger n to `strategy`: a hop to
 * another thread or process costs 25–130 µs and, on busy cores, a scheduler wake-up of
 * milliseconds, which is far more than fib of a small n. The inline fib is the strategy's own
 * kind (its `inlineFib`: Rust for native-async), JS for the others.
 */
export function inlineBelow(strategy: ComputeStrategy, threshold: number): ComputeStrategy {
  if (threshold <= 0) return strategy;
  const inline = strategy.inlineFib ?? fibUnchecked;
  return {
    ...strategy,
    details: { ...strategy.details, inlineBelow: threshold },
    connect(): ConnectionCompute {
      const offload = strategy.connect();
      return {
        compute: (n) => (n < threshold ? inline(n) : offload.compute(n)),
        release: () => offload.release(),
      };
    },
  };
}
