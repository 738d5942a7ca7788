use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use napi_derive::napi;

/// A cancel flag shared by any number of `fibAsync` calls: one `cancel()` stops them all —
/// those still queued do no work when a pool thread reaches them, running ones stop within
/// 2^16 recursive calls (well under a millisecond). Cheaper per call than an AbortSignal (no
/// listener, no closure): a server keeps one per connection and cancels it when the client
/// goes. Cancelled calls reject with an `AbortError` (`code: 'ABORT_ERR'`).
#[napi]
pub struct CancelToken {
  flag: Arc<AtomicBool>,
}

#[napi]
impl CancelToken {
  #[napi(constructor)]
  #[allow(clippy::new_without_default)] // the JS constructor; Rust code never builds one
  pub fn new() -> Self {
    Self {
      flag: Arc::new(AtomicBool::new(false)),
    }
  }

  /// Cancels every call made with this token, past and future. Idempotent.
  #[napi]
  pub fn cancel(&self) {
    self.flag.store(true, Ordering::Relaxed);
  }

  /// Whether `cancel()` was called.
  #[napi(getter)]
  pub fn cancelled(&self) -> bool {
    self.flag.load(Ordering::Relaxed)
  }
}

impl CancelToken {
  /// The flag, for a task that outlives this call.
  pub fn flag(&self) -> Arc<AtomicBool> {
    Arc::clone(&self.flag)
  }
}
