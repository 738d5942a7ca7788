//! `FibPool`'s native half: Rust-owned worker threads fed by one channel, with completions
//! delivered to JS in batches through ONE threadsafe function per pool. Workers push
//! `(id, outcome)` onto a completion queue; only the push that finds it empty wakes the JS
//! thread, and the JS callback takes everything queued. Promises live in the package's JS
//! wrapper (index.js), keyed by the id the wrapper passes to `submit`: no napi Deferred and no
//! threadsafe-function call per job, only per wake-up.
//!
//! Lifetime: `close()`, the object's finalizer and an env cleanup hook (worker_threads exit,
//! process teardown) all run the same idempotent `shutdown`: set the stop flag (running jobs
//! stop within 2^16 recursive calls, queued ones do no work), drop the sender (parked workers
//! wake and exit), join the threads. The threadsafe function is referenced only while jobs
//! are in flight, so an idle pool never keeps the event loop alive.
//!
//! Waiting for a job (spin or park, adaptive by default) is spin.rs's.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::CleanupEnvHook;
use napi_derive::napi;

use crate::cancel::CancelToken;
use crate::errors::{Code, Failure};
use crate::limits::checked_n;
use crate::panic_guard::no_panic;
use crate::recursion::{fib_cancellable, StopFlag, Stopped};
use crate::spin::{adaptive_budget, wake_cost, Parking, Queued, SpinCounters, SpinPolicy, Waiter};

/// The most threads one pool may have: far more than any machine fiblab runs on has cores.
pub const MAX_THREADS: u32 = 256;
/// The longest a worker may spin for its next job before it parks: 1 s.
pub const MAX_SPIN_MICROS: u32 = 1_000_000;

/// What a job computes on a worker thread: the recursion, or a test hook that panics.
pub type PoolWork = fn(u32, &JobStop<'_>) -> std::result::Result<u64, Stopped>;

/// A job stops when its caller's token is cancelled or when the pool shuts down.
pub struct JobStop<'a> {
  token: Option<&'a AtomicBool>,
  pool: &'a AtomicBool,
}

impl StopFlag for JobStop<'_> {
  #[inline]
  fn is_set(&self) -> bool {
    self.pool.load(Ordering::Relaxed) || self.token.is_some_and(|t| t.load(Ordering::Relaxed))
  }
}

fn fib_in_pool(n: u32, stop: &JobStop<'_>) -> std::result::Result<u64, Stopped> {
  fib_cancellable(n, stop)
}

pub struct Job {
  id: u32,
  n: u32,
  token: Option<Arc<AtomicBool>>,
  work: PoolWork,
  /// When it was queued: a parked worker that takes it measures its own wake-up with it.
  sent: Instant,
}

impl Queued for Job {
  fn queued_at(&self) -> Option<Instant> {
    Some(self.sent)
  }
}

/// A failure on its way to JS: becomes the JS error object when the wake callback runs.
pub struct JsFailure(Failure);

impl ToNapiValue for JsFailure {
  unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
    let env = Env::from_raw(env);
    Ok(val.0.into_js_value(&env).raw())
  }
}

/// What the JS callback receives per wake-up: `[id, value, id, value, …]` of the jobs that
/// succeeded, then the ids and errors of those that failed (null when none did).
type WakeArgs = FnArgs<(Vec<f64>, Option<Vec<u32>>, Option<Vec<JsFailure>>)>;
type Wake = ThreadsafeFunction<(), Unknown<'static>, WakeArgs, Status, false, true>;

struct Shared {
  /// The pool is shutting down: every job stops, no new job is accepted.
  stop: AtomicBool,
  spin: SpinPolicy,
  /// How long measuring the wake-up took at start (adaptive; once per process).
  calibration: Duration,
  spin_counters: SpinCounters,
  /// Where idle workers sleep (not in the channel: a job wakes one only when none spins), and
  /// the running estimate of what waking one costs.
  parking: Parking,
  completions: Mutex<Vec<(u32, std::result::Result<f64, Failure>)>>,
  wake: OnceLock<Wake>,
  sender: Mutex<Option<Sender<Job>>>,
  workers: Mutex<Vec<JoinHandle<()>>>,
  /// Submitted and not yet handed to JS (JS thread only; atomic to keep `Shared` Sync).
  in_flight: AtomicU32,
  /// Whether the threadsafe function currently keeps the event loop alive (JS thread only).
  referenced: AtomicBool,
  /// The env cleanup hook already ran (so it must not be removed again).
  hook_ran: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
  // A panic never happens while these locks are held (jobs run outside them), but a poisoned
  // lock must not turn into a second panic at shutdown.
  m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
  /// Idempotent: stop every job, wake parked workers, join them. Bounded: a running job stops
  /// within 2^16 recursive calls, a spinning worker within one look at the channel.
  fn shutdown(&self) {
    self.stop.store(true, Ordering::Relaxed);
    drop(lock(&self.sender).take());
    self.parking.wake_all();
    let workers = std::mem::take(&mut *lock(&self.workers));
    for worker in workers {
      // A worker never panics (jobs run under `no_panic`); if one did, there is nothing to add.
      let _ = worker.join();
    }
  }

  fn complete(&self, id: u32, outcome: std::result::Result<f64, Failure>) {
    let was_empty = {
      let mut queue = lock(&self.completions);
      queue.push((id, outcome));
      queue.len() == 1
    };
    if was_empty {
      if let Some(wake) = self.wake.get() {
        // Non-blocking with an unbounded queue: never waits. After env teardown it reports
        // `Closing`, and there is nobody left to tell.
        wake.call((), ThreadsafeFunctionCallMode::NonBlocking);
      }
    }
  }

  /// Keeps the event loop alive while jobs are in flight, and only then. JS thread only.
  fn set_referenced(&self, env: &Env, referenced: bool) {
    if self.referenced.swap(referenced, Ordering::Relaxed) == referenced {
      return;
    }
    if let Some(wake) = self.wake.get() {
      if !wake.aborted() {
        // SAFETY: a live threadsafe function of this env, on its JS thread.
        unsafe {
          if referenced {
            sys::napi_ref_threadsafe_function(env.raw(), wake.raw());
          } else {
            sys::napi_unref_threadsafe_function(env.raw(), wake.raw());
          }
        }
      }
    }
  }
}

fn worker_loop(shared: &Shared, jobs: &Receiver<Job>) {
  let mut waiter = Waiter::new(shared.spin);
  while let Some(job) = waiter.next(jobs, &shared.parking, &shared.spin_counters) {
    let Job {
      id,
      n,
      token,
      work,
      sent,
    } = job;
    if waiter.slept {
      shared.parking.learn(sent.elapsed());
    }
    let stop = JobStop {
      token: token.as_deref(),
      pool: &shared.stop,
    };
    let outcome = match no_panic(|| work(n, &stop)) {
      Ok(Ok(value)) => Ok(value as f64),
      Ok(Err(_)) if shared.stop.load(Ordering::Relaxed) => Err(closed_failure(n)),
      Ok(Err(Stopped::BeforeStart)) => Err(Failure::new(
        Code::Abort,
        format!("pool.fib({n}) was cancelled before it started"),
      )),
      Ok(Err(Stopped::WhileRunning)) => Err(Failure::new(
        Code::Abort,
        format!("pool.fib({n}) was cancelled while running"),
      )),
      Err(panic) => Err(panic),
    };
    shared.complete(id, outcome);
  }
}

fn closed_failure(n: u32) -> Failure {
  Failure::new(
    Code::PoolClosed,
    format!("pool.fib({n}): the FibPool was closed"),
  )
}

/// `pool.spin`: the policy, and the workers' waits since the pool started.
#[napi(object)]
pub struct SpinReport {
  /// `fixed` (spinMicros given) or `adaptive` (the default).
  pub mode: String,
  /// How long a worker spins after a job before it parks (adaptive: while armed; from the
  /// current estimate of a wake-up), µs.
  pub budget_micros: f64,
  /// The running estimate of what waking a parked worker costs (adaptive only), µs: measured
  /// at start, then moved by every wake-up.
  pub wake_micros: Option<f64>,
  /// How long the measuring at start took, µs (once per process: later pools start from it).
  pub calibration_micros: f64,
  /// Spins that found a job.
  pub hits: f64,
  /// Spins that ended without one.
  pub misses: f64,
  /// Times a worker parked.
  pub parks: f64,
  /// Workers parked now.
  pub parked: u32,
}

/// The raw pool behind the package's `FibPool` (index.js): use that, not this. `onWake` gets
/// `(okPairs, failedIds, errors)` once per wake-up with every job finished since the last one.
#[napi(custom_finalize)]
pub struct RustPool {
  shared: Arc<Shared>,
  threads: u32,
  /// Holds a Weak: napi-rs never frees a removed hook's data, so it must not own the pool.
  hook: Option<CleanupEnvHook<Weak<Shared>>>,
}

#[napi]
impl RustPool {
  /// `threads` from 1 to 256 (default: the machine's available parallelism), `spinMicros` from
  /// 0 to 1,000,000: how long a worker that finished a job keeps looking for the next one
  /// before it parks; absent, the adaptive spin of spin.rs (measures the machine's wake-up
  /// cost at the first pool of a process, ~10 ms, and then on every wake-up).
  #[napi(
    constructor,
    ts_args_type = "onWake: (okPairs: number[], failedIds: number[] | null, errors: Error[] | null) => void, threads?: number, spinMicros?: number"
  )]
  pub fn new(
    env: Env,
    on_wake: Function<'_, WakeArgs, Unknown<'static>>,
    threads: Option<u32>,
    spin_micros: Option<u32>,
  ) -> Result<Self> {
    let threads = match threads {
      Some(t) if (1..=MAX_THREADS).contains(&t) => t,
      Some(t) => {
        return Err(
          Failure::new(
            Code::Range,
            format!("threads must be an integer from 1 to {MAX_THREADS}, got {t}"),
          )
          .into_js(&env),
        )
      }
      None => thread::available_parallelism()
        .map_or(1, |n| n.get() as u32)
        .min(MAX_THREADS),
    };
    if let Some(spin_micros) = spin_micros.filter(|&s| s > MAX_SPIN_MICROS) {
      return Err(
        Failure::new(
          Code::Range,
          format!("spinMicros must be an integer from 0 to {MAX_SPIN_MICROS}, got {spin_micros}"),
        )
        .into_js(&env),
      );
    }
    // Measured before the workers start, so that they do not disturb it.
    let (spin, parking, calibration) = match spin_micros {
      Some(micros) => (
        SpinPolicy::Fixed(Duration::from_micros(u64::from(micros))),
        Parking::new(Duration::ZERO, false),
        Duration::ZERO,
      ),
      None => {
        let measured = wake_cost();
        (
          SpinPolicy::Adaptive,
          Parking::new(measured.wake, !measured.forced),
          measured.took,
        )
      }
    };
    let (sender, receiver) = crossbeam_channel::unbounded::<Job>();
    let shared = Arc::new(Shared {
      stop: AtomicBool::new(false),
      spin,
      calibration,
      spin_counters: SpinCounters::default(),
      parking,
      completions: Mutex::new(Vec::new()),
      wake: OnceLock::new(),
      sender: Mutex::new(Some(sender)),
      workers: Mutex::new(Vec::new()),
      in_flight: AtomicU32::new(0),
      referenced: AtomicBool::new(false),
      hook_ran: AtomicBool::new(false),
    });
    // Weak: the threadsafe function lives in `shared`, so a strong reference back would be a
    // cycle that never releases it.
    let weak: Weak<Shared> = Arc::downgrade(&shared);
    let wake: Wake = on_wake
      .build_threadsafe_function::<()>()
      .weak::<true>()
      .build_callback(move |ctx| Ok(drain(&weak, &ctx.env)))?;
    let _ = shared.wake.set(wake);
    for index in 0..threads {
      let (worker_shared, jobs) = (Arc::clone(&shared), receiver.clone());
      let spawned = thread::Builder::new()
        .name(format!("fib-pool-{index}"))
        .spawn(move || worker_loop(&worker_shared, &jobs));
      match spawned {
        Ok(handle) => lock(&shared.workers).push(handle),
        Err(error) => {
          shared.shutdown();
          return Err(Error::from_reason(format!(
            "FibPool: could not start thread {index}: {error}"
          )));
        }
      }
    }
    // Registered after the threadsafe function: hooks run in reverse order, so on teardown
    // the workers are joined before Node closes it.
    let hook = env.add_env_cleanup_hook(Arc::downgrade(&shared), |shared| {
      if let Some(shared) = shared.upgrade() {
        shared.hook_ran.store(true, Ordering::Relaxed);
        shared.shutdown();
      }
    })?;
    Ok(Self {
      shared,
      threads,
      hook: Some(hook),
    })
  }

  /// The number of worker threads.
  #[napi(getter)]
  pub fn threads(&self) -> u32 {
    self.threads
  }

  /// How the workers wait for jobs, and what they did so far.
  #[napi(getter)]
  pub fn spin(&self) -> SpinReport {
    let shared = &self.shared;
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    let count = |c: &std::sync::atomic::AtomicU64| c.load(Ordering::Relaxed) as f64;
    let wake = shared.parking.wake_cost();
    let (mode, budget, wake) = match shared.spin {
      SpinPolicy::Fixed(budget) => ("fixed", budget, None),
      SpinPolicy::Adaptive => ("adaptive", adaptive_budget(wake), Some(micros(wake))),
    };
    SpinReport {
      mode: mode.to_owned(),
      budget_micros: micros(budget),
      wake_micros: wake,
      calibration_micros: micros(shared.calibration),
      hits: count(&shared.spin_counters.hits),
      misses: count(&shared.spin_counters.misses),
      parks: count(&shared.spin_counters.parks),
      parked: shared.parking.sleepers(),
    }
  }

  /// Queues fib(n) under `id`; the result comes back through `onWake`. Throws what `fibAsync`'s
  /// binding throws for a bad n (ERR_FIB_TYPE, ERR_FIB_RANGE), and ERR_FIB_POOL_CLOSED once closed.
  #[napi]
  pub fn submit(
    &self,
    env: Env,
    id: u32,
    n: Unknown,
    max_n: Option<u32>,
    cancel: Option<&CancelToken>,
  ) -> Result<()> {
    let n = checked_n(&n, max_n).map_err(|f| f.into_js(&env))?;
    self.enqueue(
      &env,
      Job {
        id,
        n,
        token: cancel.map(CancelToken::flag),
        work: fib_in_pool,
        sent: Instant::now(),
      },
    )
  }

  /// Stops running jobs (within ~0.1 ms), drops queued ones and joins the threads. Jobs still
  /// in flight are never reported: the JS wrapper rejects them itself. Idempotent.
  #[napi]
  pub fn close(&mut self, env: Env) -> Result<()> {
    self.shared.shutdown();
    lock(&self.shared.completions).clear();
    // After the env's teardown hook ran, its threadsafe function is Node's to close.
    if self.shared.hook_ran.load(Ordering::Relaxed) {
      return Ok(());
    }
    self.shared.set_referenced(&env, false);
    if let Some(hook) = self.hook.take() {
      env.remove_env_cleanup_hook(hook)?;
    }
    Ok(())
  }
}

impl RustPool {
  pub fn enqueue(&self, env: &Env, job: Job) -> Result<()> {
    let sender = lock(&self.shared.sender);
    let Some(sender) = sender.as_ref() else {
      return Err(closed_failure(job.n).into_js(env));
    };
    if self.shared.in_flight.fetch_add(1, Ordering::Relaxed) == 0 {
      self.shared.set_referenced(env, true);
    }
    sender
      .send(job)
      .map_err(|job| closed_failure(job.0.n).into_js(env))?;
    self.shared.parking.job_sent();
    Ok(())
  }

  #[cfg(feature = "test-hooks")]
  pub fn enqueue_work(&self, env: &Env, id: u32, work: PoolWork) -> Result<()> {
    self.enqueue(
      env,
      Job {
        id,
        n: 1,
        token: None,
        work,
        sent: Instant::now(),
      },
    )
  }
}

impl ObjectFinalize for RustPool {
  /// Garbage-collected without `close()`: the same shutdown, so no thread outlives it.
  fn finalize(mut self, env: Env) -> Result<()> {
    self.close(env)
  }
}

/// The wake callback's arguments: everything finished since the last wake-up. JS thread.
fn drain(weak: &Weak<Shared>, env: &Env) -> WakeArgs {
  let batch = match weak.upgrade() {
    Some(shared) => {
      let batch = std::mem::take(&mut *lock(&shared.completions));
      let count = u32::try_from(batch.len()).unwrap_or(u32::MAX);
      let before = shared
        .in_flight
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
          Some(n.saturating_sub(count))
        })
        .unwrap_or(0);
      if before <= count {
        shared.set_referenced(env, false);
      }
      batch
    }
    None => Vec::new(),
  };
  let mut ok = Vec::with_capacity(batch.len() * 2);
  let (mut failed_ids, mut errors) = (Vec::new(), Vec::new());
  for (id, outcome) in batch {
    match outcome {
      Ok(value) => ok.extend([f64::from(id), value]),
      Err(failure) => {
        failed_ids.push(id);
        errors.push(JsFailure(failure));
      }
    }
  }
  let failures = !failed_ids.is_empty();
  FnArgs::from((
    ok,
    failures.then_some(failed_ids),
    failures.then_some(errors),
  ))
}
