use napi::bindgen_prelude::{Unknown, ValueType};

use crate::errors::{Code, Failure};

/// The largest n whose fib(n) is exactly representable as a JS number (fib(78) < 2^53).
pub const MAX_EXACT_N: u32 = 78;

/// `n` if it is an integer from 0 to `max_n` (at most [`MAX_EXACT_N`]); otherwise a TypeError
/// (ERR_FIB_TYPE) or RangeError (ERR_FIB_RANGE) with the message the JS fib gives. This is the
/// whole argument check: the package's JS wrapper passes `n` through untouched.
pub fn checked_n(n: &Unknown, max_n: Option<u32>) -> std::result::Result<u32, Failure> {
  let max_n = max_n.map_or(MAX_EXACT_N, |max| max.min(MAX_EXACT_N));
  let kind = n
    .get_type()
    .map_err(|e| Failure::new(Code::Type, e.reason))?;
  if kind != ValueType::Number {
    return Err(Failure::new(
      Code::Type,
      format!(
        "n must be an integer from 0 to {max_n}, got {}",
        type_of(kind)
      ),
    ));
  }
  // SAFETY: the value was just checked to be a number.
  let n = unsafe { n.cast::<f64>() }.map_err(|e| Failure::new(Code::Type, e.reason))?;
  number_in_range(n, max_n)
}

/// The range half of [`checked_n`], for a value already known to be a number.
pub fn number_in_range(n: f64, max_n: u32) -> std::result::Result<u32, Failure> {
  if n.is_finite() && n.fract() == 0.0 && (0.0..=f64::from(max_n)).contains(&n) {
    Ok(n as u32)
  } else {
    Err(Failure::new(
      Code::Range,
      format!(
        "n must be an integer from 0 to {max_n}, got {}",
        js_number(n)
      ),
    ))
  }
}

/// JS's `typeof` for a napi value type.
fn type_of(kind: ValueType) -> &'static str {
  match kind {
    ValueType::Undefined => "undefined",
    ValueType::Boolean => "boolean",
    ValueType::Number => "number",
    ValueType::String => "string",
    ValueType::Symbol => "symbol",
    ValueType::Function => "function",
    // Without napi-rs's `napi6` feature a BigInt, napi's only other type, arrives as Unknown.
    ValueType::Unknown => "bigint",
    _ => "object", // null, objects, externals
  }
}

/// A number as JS's String(n) writes the ones this message can show.
fn js_number(n: f64) -> String {
  if n.is_nan() {
    "NaN".into()
  } else if n.is_infinite() {
    if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
  } else {
    format!("{n}")
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn accepts_exactly_the_integers_0_to_the_limit() {
    assert_eq!(number_in_range(0.0, 78), Ok(0));
    assert_eq!(number_in_range(78.0, 78), Ok(78));
    assert_eq!(number_in_range(40.0, 40), Ok(40));
    for (bad, max, shown) in [
      (-1.0, 78, "-1"),
      (79.0, 78, "79"),
      (41.0, 40, "41"),
      (2.5, 78, "2.5"),
      (f64::NAN, 78, "NaN"),
      (f64::INFINITY, 78, "Infinity"),
    ] {
      let err = number_in_range(bad, max).unwrap_err();
      assert_eq!(err.code, Code::Range, "{bad}");
      assert_eq!(
        err.message,
        format!("n must be an integer from 0 to {max}, got {shown}")
      );
    }
  }
}
