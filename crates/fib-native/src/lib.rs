//! fib(n) by naive exponential recursion — the work *is* the point, so no memoisation,
//! no closed form, no loop. Every entry point validates `n` with `checked_n` and never lets a
//! Rust panic cross into Node (a panic in `Task::compute` would abort the process), see panic_guard.

mod fib_task;
mod limits;
mod panic_guard;
mod test_panic;

use napi::bindgen_prelude::*;
use napi_derive::napi;

pub use fib_task::FibTask;
use limits::checked_n;
use panic_guard::no_panic;

/// The recursion every variant of fiblab runs, the seed's own: `if n <= 2: return 1`
/// (and fib(0) = 0, which only a top-level call reaches).
pub fn fib_recursive(n: u32) -> u64 {
  if n <= 2 {
    u64::from(n != 0)
  } else {
    fib_recursive(n - 1) + fib_recursive(n - 2)
  }
}

/// fib(n) on the calling (JS) thread. Exact for 0 ≤ n ≤ 78 (returned as a double).
#[napi]
pub fn fib(n: f64) -> Result<f64> {
  let n = checked_n(n)?;
  no_panic(move || fib_recursive(n) as f64)
}

/// fib(n) on the libuv thread pool; the JS thread stays free. An already-aborted or
/// later-aborted `signal` cancels the work if no pool thread has started it yet.
#[napi(ts_return_type = "Promise<number>")]
pub fn fib_async(n: f64, signal: Option<AbortSignal>) -> Result<AsyncTask<FibTask>> {
  let n = checked_n(n)?;
  Ok(AsyncTask::with_optional_signal(FibTask::new(n), signal))
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn recursion_matches_the_seed_definition() {
    let got: Vec<u64> = (0..=12).map(fib_recursive).collect();
    assert_eq!(got, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144]);
    assert_eq!(fib_recursive(30), 832_040);
  }

  #[test]
  fn checked_n_accepts_exactly_the_integers_0_to_78() {
    assert_eq!(checked_n(0.0).unwrap(), 0);
    assert_eq!(checked_n(78.0).unwrap(), 78);
    for bad in [-1.0, 79.0, 2.5, f64::NAN, f64::INFINITY] {
      let err = checked_n(bad).unwrap_err();
      assert!(
        err.reason.starts_with("ERR_FIB_RANGE"),
        "{bad}: {}",
        err.reason
      );
    }
  }

  #[test]
  fn no_panic_turns_a_panic_into_an_error() {
    let err = no_panic(|| -> u32 { panic!("boom") }).unwrap_err();
    assert_eq!(err.reason, "ERR_FIB_PANIC: Rust panic: boom");
    assert_eq!(no_panic(|| 7).unwrap(), 7);
  }
}
