import { fibAsync, fib as nativeFib } from '../native.js';
import type { ComputeStrategy, ConnectionCompute } from './strategy.js';

/**
 * libuv's pool size as this process sees it. libuv reads UV_THREADPOOL_SIZE once, at its first
 * use, so it must be in the environment before the process starts (the CLI re-execs for it).
 */
export function uvThreadpoolSize(): number {
  const size = Number.parseInt(process.env.UV_THREADPOOL_SIZE ?? '', 10);
  return Number.isInteger(size) && size > 0 ? Math.min(size, 1024) : 4;
}

// No AbortSignal per request: napi-rs wraps the signal and creates a JS function for every
// call that takes one, and keeps an entry per call on the signal. Work of a closed connection
// therefore runs to its end and its result is dropped by the connection.
const offTheLoop: ConnectionCompute = { compute: (n) => fibAsync(n), release() {} };

/** The Rust addon's fib on the libuv thread pool: the JS thread only parses and replies. */
export function createNativeAsyncStrategy(): ComputeStrategy {
  return {
    name: 'native-async',
    // On Bun and Deno the addon's async work runs on the runtime's own pool, not libuv's.
    details:
      process.versions.bun !== undefined || process.versions.deno !== undefined
        ? {}
        : { uvThreadpoolSize: uvThreadpoolSize() },
    connect: () => offTheLoop,
    // Answered on the event loop (--inline-below), n stays in Rust.
    inlineFib: nativeFib,
    close: async () => {},
  };
}
