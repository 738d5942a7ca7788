use std::panic::{catch_unwind, UnwindSafe};

use crate::errors::{Code, Failure};

/// Runs `f` and turns a panic into a failure with code ERR_FIB_PANIC. napi-rs does not catch
/// panics inside `Task::compute` (on a libuv thread); one escaping there would abort Node.
pub fn no_panic<T>(f: impl FnOnce() -> T + UnwindSafe) -> Result<T, Failure> {
  catch_unwind(f).map_err(|payload| {
    let what = payload
      .downcast_ref::<&str>()
      .map(|s| (*s).to_owned())
      .or_else(|| payload.downcast_ref::<String>().cloned())
      .unwrap_or_else(|| "unknown panic".to_owned());
    Failure::new(Code::Panic, format!("Rust panic: {what}"))
  })
}
