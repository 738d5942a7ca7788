use napi::{Error, Result, Status};

/// The largest n whose fib(n) is exactly representable as a JS number (fib(78) < 2^53).
pub const MAX_EXACT_N: u32 = 78;

/// Error code shared with the JS fib (ts/fib.ts): n outside the integers 0..=78.
pub const ERR_FIB_RANGE: &str = "ERR_FIB_RANGE";

/// Accepts only the integers 0..=MAX_EXACT_N. The TS wrapper checks first and throws a proper
/// RangeError; this is the guard for callers of the raw binding.
pub fn checked_n(n: f64) -> Result<u32> {
  if n.is_finite() && n.fract() == 0.0 && (0.0..=f64::from(MAX_EXACT_N)).contains(&n) {
    Ok(n as u32)
  } else {
    Err(Error::new(
      Status::InvalidArg,
      format!("{ERR_FIB_RANGE}: n must be an integer from 0 to {MAX_EXACT_N}, got {n}"),
    ))
  }
}
