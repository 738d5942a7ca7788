//! Test-only entry points that panic on purpose, to prove a panic becomes a JS error on both
//! paths. Not part of the public `fiblab/native` API (ts/native.ts does not re-export them).

#![cfg_attr(test, allow(dead_code))] // only reachable from JS: napi registers it at load

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::panic_guard::no_panic;

/// Panics inside a synchronous call on the JS thread (caught by `no_panic`, as `fib` is).
#[napi(js_name = "__panicSync")]
pub fn panic_sync() -> Result<f64> {
  no_panic(|| -> f64 { panic!("deliberate panic (sync)") })
}

/// Async work whose `compute` panics on a libuv thread (caught by `no_panic`).
pub struct PanicTask;

impl Task for PanicTask {
  type Output = f64;
  type JsValue = f64;

  fn compute(&mut self) -> Result<f64> {
    no_panic(|| -> f64 { panic!("deliberate panic (async)") })
  }

  fn resolve(&mut self, _env: Env, output: f64) -> Result<f64> {
    Ok(output)
  }
}

/// Panics inside `compute` on the libuv pool.
#[napi(js_name = "__panicAsync", ts_return_type = "Promise<number>")]
pub fn panic_async() -> AsyncTask<PanicTask> {
  AsyncTask::new(PanicTask)
}
