/**
 * @fiblab/native — fib(n) by the naive exponential recursion, in Rust (napi-rs), on the calling
 * thread or on libuv's thread pool.
 *
 * **Cost.** The recursion is exponential on purpose (fiblab measures where CPU-bound work should
 * run): each step of n multiplies the time by about 1.6 (φ; ×1.63 measured). One call, native,
 * on a 2-core 2025 server VM (the range is quiet vs. loaded): n=30 ≈ 1.6 ms, n=35 ≈ 18 ms,
 * n=40 ≈ 0.2–0.4 s; extrapolated ×1.618 per step: n=45 ≈ 2.5–4.5 s, n=50 ≈ 0.5–1 min,
 * n=60 ≈ 1–2 h, n=70 ≈ 5–9 days, n=78 ≈ 0.6–1.1 years. Every n up to 78 is *accepted* (the
 * result is exact up to fib(78) < 2^53) but only small n *return in practice*: bound what callers
 * may ask with `maxN`, and the time of `fibAsync` with an `AbortSignal` (e.g.
 * `AbortSignal.timeout(ms)`), which stops even a running computation (the pool thread is free
 * again ~0.2 ms after the abort, median; up to ~10 ms on a busy machine).
 */

/** The largest n whose fib(n) is exact as a JS number: fib(78) < 2^53 < fib(79). */
export declare const MAX_EXACT_N: 78;

/** Options of {@link fib}. */
export interface FibOptions {
  /**
   * The largest n to accept, an integer from 0 to 78 (default 78). Pass what your callers may
   * ask for, e.g. `{ maxN: 40 }` (≤ 0.4 s), so untrusted input cannot start a computation that
   * runs for hours.
   */
  maxN?: number;
}

/** Options of {@link fibAsync}. */
export interface FibAsyncOptions extends FibOptions {
  /**
   * Aborting it rejects the promise at once with an `AbortError` (`code: 'ABORT_ERR'`,
   * `cause: signal.reason`) and stops the work: still queued, it does nothing when a pool
   * thread reaches it; running, it stops within 2^16 recursive calls (~0.1 ms).
   */
  signal?: AbortSignal;
  /**
   * A {@link CancelToken} shared by many calls (instead of `signal`, not with it): cheaper per
   * call than a signal, for code that makes many calls with one fate, e.g. a server connection.
   */
  cancelToken?: CancelToken;
}

/**
 * A cancel flag shared by any number of {@link fibAsync} calls: `cancel()` stops them all
 * (queued ones do no work, running ones stop within ~0.1 ms) and they reject with an
 * `AbortError` (`code: 'ABORT_ERR'`, no `cause`) once the pool thread notices, not at once as
 * with a signal. It costs no listener and no closure per call.
 */
export declare class CancelToken {
  constructor();
  /** Cancels every call made with this token, past and future. Idempotent. */
  cancel(): void;
  /** Whether `cancel()` was called. */
  get cancelled(): boolean;
}

/**
 * fib(n) in Rust on the calling thread: compiled speed (~4× V8's), but it blocks the event loop
 * for the whole computation (see the cost in the module comment: n=40 ≈ 0.2–0.4 s) and cannot be
 * interrupted.
 *
 * @param n an integer from 0 to `options.maxN` (default 78).
 * @returns fib(n), exact.
 * @throws {TypeError} `code: 'ERR_FIB_TYPE'` — n is not a number, or `options` / `options.maxN`
 *   has the wrong type.
 * @throws {RangeError} `code: 'ERR_FIB_RANGE'` — n is NaN, a fraction, negative or above maxN;
 *   or `options.maxN` is not an integer from 0 to 78.
 * @throws {Error} `code: 'ERR_FIB_PANIC'` — a Rust panic (a bug in the addon), caught: the
 *   process lives.
 */
export declare function fib(n: number, options?: FibOptions): number;

/**
 * fib(n) in Rust on libuv's thread pool (`UV_THREADPOOL_SIZE` threads, 4 by default, shared
 * with fs, dns and crypto): the JS thread stays free. Calls beyond the pool size wait in libuv's
 * queue. The second argument is an `AbortSignal` or {@link FibAsyncOptions}.
 *
 * @param n an integer from 0 to `maxN` (default 78).
 * @returns a promise of fib(n), exact. It never throws; every error is a rejection:
 * @throws {TypeError} `code: 'ERR_FIB_TYPE'` — n is not a number, or the second argument is not
 *   an `AbortSignal` or an options object with the right types.
 * @throws {RangeError} `code: 'ERR_FIB_RANGE'` — n (or `maxN`) out of range, as for {@link fib}.
 * @throws {Error} `name: 'AbortError'`, `code: 'ABORT_ERR'`, `cause: signal.reason` — the
 *   signal was aborted (before the call, while queued or while running: the same error; for
 *   `AbortSignal.timeout()` the cause is its `TimeoutError`). With a `cancelToken`: the same
 *   name and code, no cause.
 * @throws {Error} `code: 'ERR_FIB_PANIC'` — a Rust panic (a bug in the addon), caught.
 */
export declare function fibAsync(n: number, options?: AbortSignal | FibAsyncOptions): Promise<number>;

/** Options of {@link FibPool}'s constructor. */
export interface FibPoolOptions {
  /** Worker threads, an integer from 1 to 256 (default: the machine's available parallelism). */
  threads?: number;
  /**
   * How long a worker that finished a call keeps looking for the next one, yielding its core
   * between looks, before it parks: µs, an integer from 0 to 1,000,000 (0 = never spin), or
   * `'auto'` (the default). What a parked thread costs to wake depends on the machine: on one
   * 2-core VM a spin bought nothing measurable, on another (AMD EPYC, KVM) a parked worker
   * costs ~50 µs to wake and spinning made `await pool.fib(1)` many times faster. So `'auto'`
   * measures the wake-up at the first pool of a process (~10 ms) and then on every wake-up of
   * a parked worker, spins for 4 wake-ups (at most 200 µs; not at all below 3 µs of wake-up),
   * and only while calls arrive close together: a spin that finds nothing stops the spinning
   * until a call again comes within a spin's reach, and a call that wakes a worker parked for
   * longer is followed by one probe spin (so a burst after a pause pays one wake-up, as a
   * fixed spin does), backed off while probes find nothing (lone calls: at most one spin per
   * 64 calls), and made only while spins keep their core (a spin that lost it to another
   * thread means busy cores, where spinning costs others CPU). An idle pool burns at most one
   * spin per thread, then nothing. `pool.spin` reports it.
   */
  spinMicros?: number | 'auto';
}

/** What {@link FibPool.spin} reports. */
export interface FibPoolSpin {
  /** `fixed` (a number of spinMicros) or `adaptive` (`'auto'`). */
  mode: 'fixed' | 'adaptive';
  /** How long a worker spins after a call before it parks (adaptive: only while armed), µs. */
  budgetMicros: number;
  /** The running estimate of what waking a parked worker costs, µs (adaptive only). */
  wakeMicros?: number;
  /** How long the measuring at start took, µs (once per process; later pools start from it). */
  calibrationMicros: number;
  /** Spins that found a call, spins that ended without one, and parks, since the pool started. */
  hits: number;
  misses: number;
  parks: number;
  /** Workers parked (asleep until a call) now. */
  parked: number;
}

/** Options of {@link FibPool.fib}. */
export interface FibPoolCallOptions extends FibOptions {
  /**
   * Stops the call: still queued, it does no work; running, it stops within 2^16 recursive
   * calls (~0.1 ms). It rejects with an `AbortError` (`code: 'ABORT_ERR'`) once a worker
   * notices. One token can serve many calls (a server keeps one per connection).
   */
  cancelToken?: CancelToken;
}

/**
 * fib(n) in Rust on the pool's own threads (not libuv's): a channel feeds the workers, and
 * finished calls come back through one threadsafe function per pool, in batches — one wake-up
 * of the JS thread settles every call finished since the last. The promises live in JS, so a
 * call costs no napi Deferred and no libuv work item. Round trip of `await pool.fib(1)` on the
 * 2-core development VM: ~7–14 µs median (about `fibAsync`'s on a quiet machine, less under
 * load and on Deno), ~1–1.5 µs per call with 64 in flight; see the README, "The hop".
 *
 * The pool keeps the process alive only while calls are in flight. `close()` (or the pool
 * being garbage-collected, or its worker thread / process ending) stops running calls and
 * joins the threads.
 */
export declare class FibPool {
  /**
   * @throws {TypeError} `code: 'ERR_FIB_TYPE'` — options (or threads, spinMicros) of the wrong type.
   * @throws {RangeError} `code: 'ERR_FIB_RANGE'` — threads or spinMicros out of range.
   */
  constructor(options?: FibPoolOptions);
  /** The number of worker threads. */
  get threads(): number;
  /** How the workers wait for calls (see {@link FibPoolOptions.spinMicros}) and what they did so far. */
  get spin(): FibPoolSpin;
  /**
   * fib(n) on a pool thread. Checks its arguments as {@link fibAsync} does and never throws:
   * every error is a rejection.
   *
   * @throws {TypeError} `code: 'ERR_FIB_TYPE'` — n is not a number, or options has the wrong type.
   * @throws {RangeError} `code: 'ERR_FIB_RANGE'` — n (or `maxN`) out of range, as for {@link fib}.
   * @throws {Error} `name: 'AbortError'`, `code: 'ABORT_ERR'` — `options.cancelToken` was cancelled.
   * @throws {Error} `code: 'ERR_FIB_POOL_CLOSED'` — the pool was closed before or during the call.
   * @throws {Error} `code: 'ERR_FIB_PANIC'` — a Rust panic (a bug in the addon), caught.
   */
  fib(n: number, options?: FibPoolCallOptions): Promise<number>;
  /**
   * Closes the pool: calls in flight reject at once with `ERR_FIB_POOL_CLOSED`, running ones stop
   * within ~0.1 ms, the threads are joined before it resolves; later calls reject the same way.
   * Idempotent.
   */
  close(): Promise<void>;
}
