import { CancelToken, fibAsync, fib as nativeFib } from '../native.js';
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
 * One CancelToken per connection, not an AbortSignal per request: a signal costs a listener and
 * a closure per call. When the connection closes, the token stops its work: queued requests do
 * nothing when a pool thread reaches them, a running one stops within ~0.1 ms, and the pool is
 * free for the other clients. (Their AbortError rejections reach a closed connection, which
 * drops them.)
 */
function offTheLoop(): ConnectionCompute {
  const options = { cancelToken: new CancelToken() };
  return {
    compute: (n) => fibAsync(n, options),
    release: () => options.cancelToken.cancel(),
  };
}

/** The Rust addon's fib on the libuv thread pool: the JS thread only parses and replies. */
export function createNativeAsyncStrategy(): ComputeStrategy {
  return {
    name: 'native-async',
    // On Bun and Deno the addon's async work runs on the runtime's own pool, not libuv's.
    details:
      process.versions.bun !== undefined || process.versions.deno !== undefined
        ? {}
        : { uvThreadpoolSize: uvThreadpoolSize() },
    connect: offTheLoop,
    // Answered on the event loop (--inline-below), n stays in Rust.
    inlineFib: nativeFib,
    close: async () => {},
  };
}
