//! fib(n) by naive exponential recursion — the work *is* the point, so no memoisation, no
//! closed form, no loop. Every entry point validates `n` with `checked_n` and never lets a Rust
//! panic cross into Node (a panic in `Task::compute` would abort the process), see panic_guard.
//! These are the raw binding's declarations; the package's index.d.ts documents the API users
//! call (argument checks, AbortSignal, maxN) in full.

mod cancel;
mod errors;
mod fib_task;
mod limits;
mod panic_guard;
mod pool;
mod recursion;
mod spin;
#[cfg(feature = "test-hooks")]
mod test_hooks;

use napi::bindgen_prelude::*;
use napi_derive::napi;

pub use cancel::CancelToken;
pub use fib_task::FibTask;
use limits::checked_n;
use panic_guard::no_panic;
pub use pool::RustPool;
pub use recursion::{fib_cancellable, fib_recursive};

/// fib(n) on the calling (JS) thread, blocking it. Exact for the integers 0..=78 (or 0..=maxN),
/// but the recursion is exponential, ×1.6 per step of n: ~1.6 ms at n=30 and 0.2–0.4 s at n=40
/// on a 2025 server core, about a minute at n=50 and about a year at n=78.
///
/// @throws {TypeError} code `ERR_FIB_TYPE`: n is not a number.
/// @throws {RangeError} code `ERR_FIB_RANGE`: n is not an integer from 0 to maxN (default 78).
/// @throws {Error} code `ERR_FIB_PANIC`: a Rust panic (a bug), caught.
#[napi]
pub fn fib(env: Env, n: Unknown, max_n: Option<u32>) -> Result<f64> {
  let n = checked_n(&n, max_n).map_err(|f| f.into_js(&env))?;
  no_panic(move || fib_recursive(n) as f64).map_err(|f| f.into_js(&env))
}

/// fib(n) on the libuv thread pool; the JS thread stays free. Same range and cost as `fib`.
/// `cancel` stops the call: still queued, it does no work; running, it stops within 2^16
/// recursive calls (well under a millisecond).
///
/// @throws {TypeError} code `ERR_FIB_TYPE` (thrown, not rejected): n is not a number.
/// @throws {RangeError} code `ERR_FIB_RANGE` (thrown, not rejected): n is out of range.
/// Rejects with an `AbortError` (code `ABORT_ERR`) once cancelled, or an `Error` with code
/// `ERR_FIB_PANIC` on a caught Rust panic.
#[napi(ts_return_type = "Promise<number>")]
pub fn fib_async(
  env: Env,
  n: Unknown,
  max_n: Option<u32>,
  cancel: Option<&CancelToken>,
) -> Result<AsyncTask<FibTask>> {
  let n = checked_n(&n, max_n).map_err(|f| f.into_js(&env))?;
  Ok(AsyncTask::new(FibTask::new(
    n,
    cancel.map(CancelToken::flag),
  )))
}

#[cfg(test)]
mod tests {
  use super::*;
  use errors::Code;

  #[test]
  fn no_panic_turns_a_panic_into_a_failure() {
    let failure = no_panic(|| -> u32 { panic!("boom") }).unwrap_err();
    assert_eq!(failure.code, Code::Panic);
    assert_eq!(failure.message, "Rust panic: boom");
    assert_eq!(no_panic(|| 7).unwrap(), 7);
  }
}
