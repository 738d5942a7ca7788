use std::panic::{catch_unwind, UnwindSafe};

use napi::{Error, Result, Status};

/// Error code of a Rust panic that was caught and turned into a JS error.
pub const ERR_FIB_PANIC: &str = "ERR_FIB_PANIC";

/// Runs `f` and turns a panic into an error. napi-rs does not catch panics inside
/// `Task::compute` (on a libuv thread); one escaping there would abort Node.
pub fn no_panic<T>(f: impl FnOnce() -> T + UnwindSafe) -> Result<T> {
  catch_unwind(f).map_err(|payload| {
    let what = payload
      .downcast_ref::<&str>()
      .map(|s| (*s).to_owned())
      .or_else(|| payload.downcast_ref::<String>().cloned())
      .unwrap_or_else(|| "unknown panic".to_owned());
    Error::new(
      Status::GenericFailure,
      format!("{ERR_FIB_PANIC}: Rust panic: {what}"),
    )
  })
}
