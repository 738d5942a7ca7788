import { CancelToken, FibPool, fib as nativeFib } from '../native.js';
import { FairQueue, fairCapacity } from './fair-queue.js';
import type { ComputeStrategy, ConnectionCompute, StrategyOptions } from './strategy.js';

/**
 * The Rust addon's fib on its own thread pool (FibPool: Rust threads, one threadsafe function
 * per pool, completions batched per wake-up) instead of libuv's: the same shape as
 * native-async, a cheaper hop. A fair queue hands the pool at most one task per thread,
 * round-robin over connections; a closed connection's tasks not yet handed over are dropped,
 * and its CancelToken stops the ones a pool thread already runs within ~0.1 ms.
 */
export function createNativePoolStrategy(options: StrategyOptions): ComputeStrategy {
  const pool = new FibPool({ threads: options.workers });
  const queue = new FairQueue(fairCapacity(pool.threads));
  const { budgetMicros, wakeMicros } = pool.spin;
  return {
    name: 'native-pool',
    // The adaptive spin's measure of this machine: a worker spins spinUs after a call while
    // calls come close together (0: parking is cheap here, it never spins).
    details: { threads: pool.threads, spinUs: Math.round(budgetMicros), wakeUs: Math.round(wakeMicros ?? 0) },
    connect(): ConnectionCompute {
      const lane = queue.lane();
      const callOptions = { cancelToken: new CancelToken() };
      return {
        compute: (n) => lane.run(() => pool.fib(n, callOptions)),
        release: () => {
          lane.close();
          callOptions.cancelToken.cancel();
        },
      };
    },
    // Answered on the event loop (--inline-below), n stays in Rust.
    inlineFib: nativeFib,
    close: () => pool.close(),
  };
}
