import type { ComputeStrategy } from '../../ts/compute/strategy.js';
import { fibUnchecked } from '../../ts/fib.js';

/**
 * A real strategy shape that answers on a later turn of the loop and counts what is in flight:
 * for the servers' --max-pending tests (TCP and HTTP), run in this process.
 */
export function countingStrategy() {
  const stats = { inFlight: 0, maxInFlight: 0 };
  const strategy: ComputeStrategy = {
    name: 'pool',
    details: {},
    connect: () => ({
      compute: (n) => {
        stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight);
        return new Promise((resolve) =>
          setImmediate(() => {
            stats.inFlight--;
            resolve(fibUnchecked(n));
          }),
        );
      },
      release() {},
    }),
    close: async () => {},
  };
  return { strategy, stats };
}
