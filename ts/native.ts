/**
 * The Rust addon (crates/fib-native), as `fiblab/native`. The declarations are the ones
 * napi-rs generates; this module adds the same argument checks and error codes as the JS fib,
 * so both throw a RangeError/TypeError with code ERR_FIB_RANGE/ERR_FIB_TYPE.
 */
import * as binding from '../native/binding.js';
import { checkN } from './fib.js';

/** fib(n) in Rust on the calling thread: compiled speed, but it still blocks the event loop. */
export const fib: typeof binding.fib = (n) => binding.fib(checkN(n));

/**
 * fib(n) in Rust on the libuv thread pool (UV_THREADPOOL_SIZE threads, 4 by default): the JS
 * thread stays free. A signal aborted before a pool thread starts the work rejects with an
 * AbortError; work already running finishes (fib cannot be interrupted).
 */
export const fibAsync: typeof binding.fibAsync = (n, signal) => {
  try {
    checkN(n);
  } catch (error) {
    return Promise.reject(error);
  }
  // napi-rs only cancels on an abort *event*; a signal aborted earlier never fires one.
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return binding.fibAsync(n, signal);
};

function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('fibAsync was aborted', { cause: signal.reason }), {
    name: 'AbortError',
  });
}
