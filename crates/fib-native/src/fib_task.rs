use napi::bindgen_prelude::*;

use crate::fib_recursive;
use crate::panic_guard::no_panic;

/// fib(n) as libuv async work: `compute` runs on a pool thread, `resolve` on the JS thread.
pub struct FibTask {
  n: u32,
}

impl FibTask {
  pub fn new(n: u32) -> Self {
    Self { n }
  }
}

impl Task for FibTask {
  type Output = f64;
  type JsValue = f64;

  fn compute(&mut self) -> Result<f64> {
    let n = self.n;
    no_panic(move || fib_recursive(n) as f64)
  }

  fn resolve(&mut self, _env: Env, output: f64) -> Result<f64> {
    Ok(output)
  }
}
