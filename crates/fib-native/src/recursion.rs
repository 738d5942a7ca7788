//! The recursion every variant of fiblab runs, the seed's own: `if n <= 2: return 1` (and
//! fib(0) = 0, which only a top-level call reaches). Naive on purpose: the work *is* the point,
//! so no memoisation, no closed form, no loop. Its cost grows by ×φ ≈ 1.6 per step of n.

use std::sync::atomic::{AtomicBool, Ordering};

/// Below this n the recursion runs uninterrupted. A call of the seed's recursion for n makes
/// 2·fib(n) − 1 calls, so between two looks at the cancel flag there are at most
/// calls(22) + calls(21) = 57,313 < 2^16 calls (~0.1 ms here); above it, each call looks once.
/// The hot path is therefore the plain recursion itself, and the looks are a few dozen per
/// million calls (their cost at n=30 is measured by `check_cost_at_30`, see the README).
pub const UNCHECKED_UP_TO: u32 = 22;

/// fib(n), uninterruptible: the synchronous `fib` on the JS thread.
pub fn fib_recursive(n: u32) -> u64 {
  if n <= 2 {
    u64::from(n != 0)
  } else {
    fib_recursive(n - 1) + fib_recursive(n - 2)
  }
}

/// What a cancellable recursion looks at: a flag, or (on the pool) a call's token and the
/// pool's own stop flag. Generic, so each caller gets its own monomorphised recursion.
pub trait StopFlag {
  fn is_set(&self) -> bool;
}

impl StopFlag for AtomicBool {
  #[inline]
  fn is_set(&self) -> bool {
    self.load(Ordering::Relaxed)
  }
}

/// How a cancellable computation ended early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
  /// The flag was set before the first call: no work was done.
  BeforeStart,
  /// The flag was seen while the recursion ran.
  WhileRunning,
}

/// fib(n) that looks at `cancel` before it starts and then at least once every 2^16 calls,
/// and stops soon after it is set.
pub fn fib_cancellable<S: StopFlag + ?Sized>(n: u32, cancel: &S) -> Result<u64, Stopped> {
  if cancel.is_set() {
    return Err(Stopped::BeforeStart);
  }
  watched(n, cancel).ok_or(Stopped::WhileRunning)
}

fn watched<S: StopFlag + ?Sized>(n: u32, cancel: &S) -> Option<u64> {
  if n <= UNCHECKED_UP_TO {
    return Some(fib_recursive(n));
  }
  if cancel.is_set() {
    return None;
  }
  Some(watched(n - 1, cancel)? + watched(n - 2, cancel)?)
}

#[cfg(test)]
mod tests {
  use super::*;
  use std::hint::black_box;
  use std::sync::Arc;
  use std::thread;
  use std::time::Instant;

  #[test]
  fn both_recursions_match_the_seed_definition() {
    let never = AtomicBool::new(false);
    let want = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144];
    for (n, want) in (0..).zip(want) {
      assert_eq!(fib_recursive(n), want, "plain fib({n})");
      assert_eq!(fib_cancellable(n, &never), Ok(want), "cancellable fib({n})");
    }
    // Far past the unchecked leaves (fib(30) makes ~1.6 million calls).
    assert_eq!(fib_cancellable(30, &never), Ok(832_040));
  }

  #[test]
  fn a_flag_set_before_the_start_does_no_work() {
    assert_eq!(
      fib_cancellable(60, &AtomicBool::new(true)),
      Err(Stopped::BeforeStart)
    );
  }

  #[test]
  fn a_flag_set_while_running_stops_the_recursion() {
    // fib(70) would take days: it can only come back because it saw the flag.
    let cancel = Arc::new(AtomicBool::new(false));
    let worker = {
      let cancel = Arc::clone(&cancel);
      thread::spawn(move || watched(70, &*cancel))
    };
    cancel.store(true, Ordering::Relaxed);
    assert_eq!(worker.join().unwrap(), None);
  }

  /// `cargo test --release -- --ignored --nocapture check_cost_at_30`: the cost of the cancel
  /// check, plain vs cancellable fib(30), interleaved pairs (alternating which goes first) so
  /// both see the same machine. Reports the median of the paired ratios and the ratio of the
  /// fastest runs; on a shared, noisy VM single pairs vary by tens of per cent.
  #[test]
  #[ignore = "a measurement: run it in release mode"]
  fn check_cost_at_30() {
    const PAIRS: usize = 1500;
    let never = AtomicBool::new(false);
    let time = |f: &dyn Fn() -> u64| {
      let start = Instant::now();
      black_box(f());
      start.elapsed().as_secs_f64()
    };
    let plain = || time(&|| fib_recursive(black_box(30)));
    let checked = || time(&|| fib_cancellable(black_box(30), &never).unwrap());
    let (mut plains, mut checks, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for pair in 0..PAIRS {
      let (p, c) = if pair % 2 == 0 {
        let p = plain();
        (p, checked())
      } else {
        let c = checked();
        (plain(), c)
      };
      plains.push(p);
      checks.push(c);
      ratios.push(c / p);
    }
    let median = |v: &mut Vec<f64>| {
      v.sort_by(f64::total_cmp);
      v[v.len() / 2]
    };
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
      "fib(30) over {PAIRS} interleaved pairs: plain median {:.3} ms, cancellable median {:.3} ms; \
       cost of the check: median of paired ratios {:+.2} %, fastest vs fastest {:+.2} %",
      median(&mut plains.clone()) * 1e3,
      median(&mut checks.clone()) * 1e3,
      (median(&mut ratios) - 1.0) * 100.0,
      (min(&checks) / min(&plains) - 1.0) * 100.0,
    );
  }
}
