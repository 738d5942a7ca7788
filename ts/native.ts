/**
 * The Rust addon as `fiblab/native`: the @fiblab/native package (packages/native, the Rust in
 * crates/fib-native), re-exported. It checks its arguments itself, with the same error classes
 * and codes as the JS fib (ERR_FIB_TYPE, ERR_FIB_RANGE).
 */
export type {
  FibAsyncOptions,
  FibOptions,
  FibPoolCallOptions,
  FibPoolOptions,
  FibPoolSpin,
} from '../packages/native/index.js';
export { CancelToken, FibPool, fib, fibAsync, MAX_EXACT_N } from '../packages/native/index.js';
