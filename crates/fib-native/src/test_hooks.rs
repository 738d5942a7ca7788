//! Entry points for tests: ones that panic on purpose, to prove a panic becomes a JS error on every
//! path, and one that fixes the pool's measured wake-up cost.
//! Compiled only with the `test-hooks` feature (`npm run build:native:test`): the release
//! addon and its `.d.ts` do not have them.

#![cfg_attr(test, allow(dead_code))] // only reachable from JS: napi registers them at load

use std::sync::atomic::AtomicBool;

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::fib_task::FibTask;
use crate::panic_guard::no_panic;
use crate::pool::{JobStop, RustPool};
use crate::recursion::Stopped;

/// Replaces the measured wake-up cost for pools created after it (none: measure again), so
/// that the adaptive spin's tests do not depend on the machine.
#[napi(js_name = "__overrideWakeCostMicros")]
pub fn override_wake_cost_micros(micros: Option<u32>) {
  crate::spin::override_wake_cost(micros);
}

/// Panics inside a synchronous call on the JS thread (caught by `no_panic`, as `fib` is).
#[napi(js_name = "__panicSync")]
pub fn panic_sync(env: Env) -> Result<f64> {
  no_panic(|| -> f64 { panic!("deliberate panic (sync)") }).map_err(|f| f.into_js(&env))
}

fn panicking_work(_n: u32, _cancel: &AtomicBool) -> std::result::Result<u64, Stopped> {
  panic!("deliberate panic (async)")
}

/// A `fibAsync` task whose recursion panics on a libuv thread (caught in `FibTask::compute`).
#[napi(js_name = "__panicAsync", ts_return_type = "Promise<number>")]
pub fn panic_async() -> AsyncTask<FibTask> {
  AsyncTask::new(FibTask::with_work(1, None, panicking_work))
}

fn panicking_pool_work(_n: u32, _stop: &JobStop<'_>) -> std::result::Result<u64, Stopped> {
  panic!("deliberate panic (pool)")
}

#[napi]
impl RustPool {
  /// Queues a job whose work panics on a pool worker (caught in the worker loop) under `id`.
  #[napi(js_name = "__panicPool")]
  pub fn submit_panicking(&self, env: Env, id: u32) -> Result<()> {
    self.enqueue_work(&env, id, panicking_pool_work)
  }
}
