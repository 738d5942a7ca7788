//! The errors the addon throws, as Node's own APIs throw them: the right class, a stable `code`
//! (shared with the JS fib in ts/fib.ts), one message.

use napi::bindgen_prelude::*;
use napi::{JsError, JsRangeError, JsTypeError};

/// The codes the addon's errors carry as `err.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
  /// A `TypeError`: n is not a number.
  Type,
  /// A `RangeError`: n is a number but not an integer from 0 to the limit.
  Range,
  /// An `Error`: a Rust panic, caught instead of aborting Node (a bug in the addon).
  Panic,
  /// An `AbortError`: a cancelled `fibAsync` (Node's code for an aborted operation).
  Abort,
  /// An `Error`: a call on a `FibPool` that is closed (or closing).
  PoolClosed,
}

impl AsRef<str> for Code {
  fn as_ref(&self) -> &str {
    match self {
      Code::Type => "ERR_FIB_TYPE",
      Code::Range => "ERR_FIB_RANGE",
      Code::Panic => "ERR_FIB_PANIC",
      Code::Abort => "ABORT_ERR",
      Code::PoolClosed => "ERR_FIB_POOL_CLOSED",
    }
  }
}

/// An error that is not yet a JS value: made on any thread, turned into one on the JS thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
  pub code: Code,
  pub message: String,
}

impl Failure {
  pub fn new(code: Code, message: impl Into<String>) -> Self {
    Self {
      code,
      message: message.into(),
    }
  }

  /// The JS error (TypeError, RangeError, AbortError or Error, with `code`), as a napi-rs
  /// error that throws or rejects with exactly that object.
  pub fn into_js(self, env: &Env) -> Error {
    Error::from(self.into_js_value(env))
  }

  /// The JS error object itself, e.g. to hand to a callback instead of throwing it.
  pub fn into_js_value<'env>(self, env: &Env) -> Unknown<'env> {
    let error = Error::new(self.code, self.message);
    let value = match self.code {
      Code::Type => JsTypeError::from(error).into_unknown(*env),
      Code::Range => JsRangeError::from(error).into_unknown(*env),
      Code::Panic | Code::Abort | Code::PoolClosed => JsError::from(error).into_unknown(*env),
    };
    if self.code == Code::Abort {
      if let Ok(mut object) = value.coerce_to_object() {
        // Best effort: without the name it is still an error with code ABORT_ERR.
        let _ = object.set_named_property("name", "AbortError");
      }
    }
    value
  }
}
