import { CancelToken, fibAsync, fib as nativeFib } from '../native.js';
import { FairQueue, fairCapacity } from './fair-queue.js';
import type { ComputeStrategy, ConnectionCompute } from './strategy.js';

/**
 * libuv's pool size as this process sees it. libuv reads UV_THREADPOOL_SIZE once, at its first
 * use, so it must be in the environment before the process starts (the CLI re-execs for it).
 */
export function uvThreadpoolSize(): number {
  const size = Number.parseInt(process.env.UV_THREADPOOL_SIZE ?? '', 10);
  return Number.isInteger(size) && size > 0 ? Math.min(size, 1024) : 4;
}

/**
 * The Rust addon's fib on the libuv thread pool: the JS thread only parses and replies. A fair
 * queue hands libuv at most one task per pool thread, round-robin over connections (libuv's own
 * queue is one FIFO for everyone); a closed connection's tasks not yet handed over are dropped,
 * and its CancelToken (one per connection, not an AbortSignal per request: a signal costs a
 * listener and a closure per call) stops the ones a pool thread already runs within ~0.1 ms.
 */
export function createNativeAsyncStrategy(): ComputeStrategy {
  // Bun and Deno run N-API async work on their own pools; libuv's default size is as good a share there.
  const queue = new FairQueue(fairCapacity(uvThreadpoolSize()));
  return {
    name: 'native-async',
    // On Bun and Deno the addon's async work runs on the runtime's own pool, not libuv's.
    details:
      process.versions.bun !== undefined || process.versions.deno !== undefined
        ? {}
        : { uvThreadpoolSize: uvThreadpoolSize() },
    connect(): ConnectionCompute {
      const lane = queue.lane();
      const options = { cancelToken: new CancelToken() };
      return {
        compute: (n) => lane.run(() => fibAsync(n, options)),
        release: () => {
          lane.close();
          options.cancelToken.cancel();
        },
      };
    },
    // Answered on the event loop (--inline-below), n stays in Rust.
    inlineFib: nativeFib,
    close: async () => {},
  };
}
