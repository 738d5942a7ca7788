use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use napi::bindgen_prelude::*;

use crate::errors::{Code, Failure};
use crate::panic_guard::no_panic;
use crate::recursion::{fib_cancellable, Stopped};

/// fib(n) as libuv async work: `compute` runs on a pool thread, `resolve`/`reject` on the JS
/// thread. The recursion looks at the cancel flag every 2^16 calls.
pub struct FibTask {
  n: u32,
  cancel: Arc<AtomicBool>,
  /// The recursion: `fib_cancellable`, or a test hook that panics inside this same task.
  work: Work,
  /// Why `compute` failed, for `reject` to build the JS error on the JS thread.
  failure: Option<Failure>,
}

/// What a task computes on the pool thread.
pub type Work = fn(u32, &AtomicBool) -> std::result::Result<u64, Stopped>;

impl FibTask {
  pub fn new(n: u32, cancel: Option<Arc<AtomicBool>>) -> Self {
    Self::with_work(n, cancel, fib_cancellable)
  }

  pub fn with_work(n: u32, cancel: Option<Arc<AtomicBool>>, work: Work) -> Self {
    Self {
      n,
      // No token: a flag nobody sets, so there is one recursion to keep fast.
      cancel: cancel.unwrap_or_default(),
      work,
      failure: None,
    }
  }
}

impl Task for FibTask {
  type Output = f64;
  type JsValue = f64;

  fn compute(&mut self) -> Result<f64> {
    let (n, cancel, work) = (self.n, &*self.cancel, self.work);
    let failure = match no_panic(move || work(n, cancel)) {
      Ok(Ok(value)) => return Ok(value as f64),
      Ok(Err(stopped)) => Failure::new(
        Code::Abort,
        match stopped {
          Stopped::BeforeStart => format!("fibAsync({n}) was cancelled before it started"),
          Stopped::WhileRunning => format!("fibAsync({n}) was cancelled while running"),
        },
      ),
      Err(panic) => panic,
    };
    let error = Error::new(Status::GenericFailure, failure.message.clone());
    self.failure = Some(failure);
    Err(error)
  }

  fn resolve(&mut self, _env: Env, output: f64) -> Result<f64> {
    Ok(output)
  }

  /// A cancelled call rejects as Node's own APIs do, with an `AbortError` whose `code` is
  /// `ABORT_ERR`; a caught panic with an `Error` whose code is `ERR_FIB_PANIC`.
  fn reject(&mut self, env: Env, err: Error) -> Result<f64> {
    Err(match self.failure.take() {
      Some(failure) => failure.into_js(&env),
      None => err,
    })
  }
}
