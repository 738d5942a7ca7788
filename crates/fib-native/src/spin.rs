//! How a `FibPool` worker waits for its next job: spin (look at the channel, yielding the core
//! between looks) or park (sleep in the kernel until a sender wakes it).
//!
//! Parking is free while idle but costs a wake-up per job; what a wake-up costs depends on the
//! machine and on its load: a few µs on some VMs, ~50 µs on others when they are quiet (a
//! halted vCPU woken by an IPI), where a short spin makes a serial round trip many times
//! faster. So by default the pool measures it at start (once per process, [`wake_cost`]), then
//! keeps measuring it on every wake-up of a parked worker ([`Parking::learn`]: the time from a
//! job's sending to a woken worker taking it), and spins only when that pays, and only while
//! calls arrive close together:
//! - the budget is [`SPIN_PER_WAKE`] wake costs, 0 below [`WORTH_SPINNING`], at most
//!   [`MAX_AUTO_SPIN`]. Ski rental says spin one wake cost, but the next call of a serial
//!   caller itself comes after a wake-up (the JS thread's, to take the reply) and its work:
//!   a spin of one wake cost misses it every time. Each miss costs one budget, and the
//!   arming below stops the spinning after one;
//! - a worker spins after a job only while "armed": a spin that ends without a job disarms it
//!   (so an idle pool burns one budget per worker, then nothing), and a park whose job came
//!   within `budget + wake cost` (a spin would have caught it) of this or any worker's park
//!   arms it again (any: the condition variable wakes the longest sleeper, so a burst's second
//!   call may reach a worker parked since long before the burst);
//! - a job that reaches a worker parked for longer (the first call of a burst, or a lone call)
//!   is followed by one "probe" spin: if the next call comes within it, the worker is armed
//!   from the burst's first call, not its second (without it a burst paid two or three
//!   wake-ups where a fixed spin pays one). Probes stop paying when calls come alone: after
//!   `k` probes in a row found nothing, the next `2^k - 1` such wake-ups skip it (`k` at most
//!   [`PROBE_BACKOFF_MAX`]), so lone calls burn at most one budget per 64 calls; any two
//!   calls close together (a spin that catches one in time, a park that arms) reset it
//!   ([`Parking::close_call`]). A job sent after a probe's deadline and found by the
//!   spinner preempted past it shows nothing: it neither arms nor resets;
//! - those two rules beyond "a spin would have caught it" (another worker's park, the probe)
//!   apply only while spins keep their core: a spin whose yield came back more than
//!   [`CONTENDED_GAP`] late lost it to another runnable thread, and on busy cores their
//!   extra spinning took the CPU the event loops needed (docs/per-reply-cost.md).
//!
//! Workers sleep on the pool's own [`Parking`], not in the channel, so that a call wakes a
//! sleeping worker only when no worker is spinning (the spinning one takes it): as Go's
//! scheduler does not wake an idle thread while another spins. A worker that takes a job and
//! sees more queued wakes the next sleeper, so a burst still spreads over every thread.

use std::sync::atomic::{fence, AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, TryRecvError};

/// The longest adaptive spin, whatever the wake-up measured: bounds the CPU a worker may burn
/// per job that does not come.
pub const MAX_AUTO_SPIN: Duration = Duration::from_micros(200);
/// Below this wake cost spinning buys too little to burn a core for: the adaptive budget is 0.
pub const WORTH_SPINNING: Duration = Duration::from_micros(3);
/// The adaptive budget in wake costs (see the module's notes).
pub const SPIN_PER_WAKE: u32 = 4;
/// A spin whose yield came back later than this lost the core to another runnable thread.
pub const CONTENDED_GAP: Duration = Duration::from_micros(20);
/// After `k` probes in a row missed, `2^k - 1` wake-ups skip the probe; `k` stops growing here.
pub const PROBE_BACKOFF_MAX: u32 = 6;
/// Wake-ups timed by the calibration (median of them); each waits [`PARK_GAP`] first.
const CALIBRATION_ROUNDS: usize = 9;
/// The calibration stops here, measured or not (a loaded machine slows every round): the
/// wake-ups that follow are measured anyway.
const CALIBRATION_LIMIT: Duration = Duration::from_millis(10);
/// Weight of a new wake-up in the running estimate (an exponential moving average).
const LEARN_SHIFT: u32 = 3;
/// A wake-up counts as at most this much (a preempted worker must not swing the estimate).
const LEARN_CAP: Duration = Duration::from_millis(1);
/// Long enough for the helper thread to have parked and its core to have gone idle.
const PARK_GAP: Duration = Duration::from_micros(200);
/// A round that takes longer than this (the machine is overloaded) counts as this.
const ROUND_CAP: Duration = Duration::from_millis(2);

/// How workers wait: never spin or spin a fixed time after every job (`spinMicros: n`), or
/// the adaptive rule above (the default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpinPolicy {
  Fixed(Duration),
  Adaptive,
}

/// What the pool's workers did while waiting, for `pool.spin` (observability, and the tests'
/// evidence). Relaxed counters: workers bump them once per job.
#[derive(Default)]
pub struct SpinCounters {
  /// Spins that found a job.
  pub hits: AtomicU64,
  /// Spins that ended without one (then the worker parked).
  pub misses: AtomicU64,
  /// Times a worker parked.
  pub parks: AtomicU64,
}

/// Where workers sleep when there is no job, and how many are spinning instead; and the
/// running estimate of what waking a sleeper costs.
#[derive(Default)]
pub struct Parking {
  sleepers: Mutex<u32>,
  bell: Condvar,
  spinning: AtomicU32,
  wake_nanos: AtomicU64,
  /// Probes in a row that missed (the backoff's exponent), and long-parked wake-ups still to
  /// skip before the next probe (see the module's notes).
  probe_misses: AtomicU32,
  probe_skip: AtomicU32,
  /// When a worker last went to sleep ([`since_epoch`]): about when the pool last finished a
  /// job, whichever worker it was.
  last_park: AtomicU64,
  /// The last spin lost the core to another thread: the cores are busy, and a spin beyond
  /// the plain arming rule would take CPU that threads of this or other processes need.
  contended: AtomicBool,
  /// Whether wake-ups update the estimate (not when a test fixed it).
  learning: bool,
}

impl Parking {
  /// Parking whose wake-up estimate starts at `wake` and follows what wake-ups take if `learning`.
  pub fn new(wake: Duration, learning: bool) -> Self {
    Self {
      wake_nanos: AtomicU64::new(nanos(wake)),
      learning,
      ..Self::default()
    }
  }

  /// Whether the last spin lost the core to another thread (the cores are busy).
  pub fn contended(&self) -> bool {
    self.contended.load(Ordering::Relaxed)
  }

  /// After a spin: whether it lost the core. Not when a test fixed the estimate (not
  /// `learning`): its rules must not depend on what else the test machine runs.
  fn set_contended(&self, contended: bool) {
    if self.learning && self.contended.load(Ordering::Relaxed) != contended {
      self.contended.store(contended, Ordering::Relaxed);
    }
  }

  /// The current estimate of a wake-up's cost.
  pub fn wake_cost(&self) -> Duration {
    Duration::from_nanos(self.wake_nanos.load(Ordering::Relaxed))
  }

  /// A parked worker took a job `latency` after it was sent: the estimate moves an eighth of
  /// the way to it. Racy read-modify-write on purpose: a lost update only loses one sample.
  pub fn learn(&self, latency: Duration) {
    if !self.learning {
      return;
    }
    let old = self.wake_nanos.load(Ordering::Relaxed) as i64;
    let sample = nanos(latency.min(LEARN_CAP)) as i64;
    let new = old + ((sample - old) >> LEARN_SHIFT);
    self.wake_nanos.store(new.max(0) as u64, Ordering::Relaxed);
  }

  /// A job reached a worker that had parked longer than a spin's reach: whether it probes
  /// (spins once after it). Racy on purpose, as [`Parking::learn`]: the backoff is a rate.
  pub fn probe_due(&self) -> bool {
    let skip = self.probe_skip.load(Ordering::Relaxed);
    if skip == 0 {
      return true;
    }
    self.probe_skip.store(skip - 1, Ordering::Relaxed);
    false
  }

  /// Calls came close together (a spin caught one in time, or one reached a worker parked
  /// within a spin's reach): probe again from the next long park. Reads before it writes, so
  /// that the hits of a busy pool do not all write one shared cache line.
  pub fn close_call(&self) {
    if self.probe_misses.load(Ordering::Relaxed) != 0
      || self.probe_skip.load(Ordering::Relaxed) != 0
    {
      self.probe_misses.store(0, Ordering::Relaxed);
      self.probe_skip.store(0, Ordering::Relaxed);
    }
  }

  /// A probe found nothing in time: the backoff doubles.
  pub fn probe_missed(&self) {
    let misses = (self.probe_misses.load(Ordering::Relaxed) + 1).min(PROBE_BACKOFF_MAX);
    self.probe_misses.store(misses, Ordering::Relaxed);
    self.probe_skip.store((1 << misses) - 1, Ordering::Relaxed);
  }

  /// After a job was sent: wakes a sleeper, unless a spinning worker will take the job. The
  /// fences pair with the spinner's (`stop_spinning`): either this sees the spinner gone, or
  /// the spinner sees the job.
  pub fn job_sent(&self) {
    fence(Ordering::SeqCst);
    if self.spinning.load(Ordering::SeqCst) == 0 {
      self.wake_one();
    }
  }

  /// How long ago a worker last went to sleep.
  fn since_last_park(&self) -> Duration {
    let now = since_epoch(Instant::now());
    Duration::from_nanos(now.saturating_sub(self.last_park.load(Ordering::Relaxed)))
  }

  /// How many workers are asleep now (for `pool.spin`: a test waits for a pool to be idle).
  pub fn sleepers(&self) -> u32 {
    *self.lock()
  }

  /// Shutdown: every sleeper wakes (and finds the channel closed).
  pub fn wake_all(&self) {
    let _sleepers = self.lock();
    self.bell.notify_all();
  }

  fn wake_one(&self) {
    if *self.lock() > 0 {
      self.bell.notify_one();
    }
  }

  fn lock(&self) -> std::sync::MutexGuard<'_, u32> {
    self.sleepers.lock().unwrap_or_else(PoisonError::into_inner)
  }

  fn start_spinning(&self) {
    self.spinning.fetch_add(1, Ordering::SeqCst);
  }

  fn stop_spinning(&self) {
    self.spinning.fetch_sub(1, Ordering::SeqCst);
    fence(Ordering::SeqCst);
  }

  /// The next job, sleeping until one is sent, and whether it slept. None once the channel
  /// is closed and empty.
  fn sleep<T>(&self, jobs: &Receiver<T>, parks: &AtomicU64) -> Option<(T, bool)> {
    let mut sleepers = self.lock();
    let mut slept = false;
    loop {
      match jobs.try_recv() {
        Ok(job) => {
          // More queued than this worker takes: the next sleeper too (a burst spreads).
          if *sleepers > 0 && !jobs.is_empty() {
            self.bell.notify_one();
          }
          return Some((job, slept));
        }
        Err(TryRecvError::Disconnected) => return None,
        Err(TryRecvError::Empty) => {}
      }
      parks.fetch_add(1, Ordering::Relaxed);
      self
        .last_park
        .store(since_epoch(Instant::now()), Ordering::Relaxed);
      slept = true;
      *sleepers += 1;
      sleepers = self
        .bell
        .wait(sleepers)
        .unwrap_or_else(PoisonError::into_inner);
      *sleepers -= 1;
    }
  }
}

/// An instant as ns since this process's first use of it (fits an atomic).
fn since_epoch(at: Instant) -> u64 {
  static EPOCH: OnceLock<Instant> = OnceLock::new();
  nanos(at.saturating_duration_since(*EPOCH.get_or_init(Instant::now)))
}

fn nanos(d: Duration) -> u64 {
  u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// The adaptive budget for a measured wake cost.
pub fn adaptive_budget(wake: Duration) -> Duration {
  if wake < WORTH_SPINNING {
    Duration::ZERO
  } else {
    (wake * SPIN_PER_WAKE).min(MAX_AUTO_SPIN)
  }
}

/// A wake cost that replaces the measured one (test builds only: makes the adaptive rule's
/// tests independent of the machine). `u32::MAX` = none.
static WAKE_OVERRIDE_MICROS: AtomicU32 = AtomicU32::new(u32::MAX);

#[cfg(feature = "test-hooks")]
pub fn override_wake_cost(micros: Option<u32>) {
  WAKE_OVERRIDE_MICROS.store(micros.unwrap_or(u32::MAX), Ordering::Relaxed);
}

/// What calibrating found: the wake cost and how long measuring it took.
#[derive(Clone, Copy, Debug)]
pub struct Calibration {
  pub wake: Duration,
  pub took: Duration,
  /// Fixed by a test: later wake-ups must not change it.
  pub forced: bool,
}

/// This process's wake cost: measured on first use (~5 ms), then remembered (the machine does
/// not change under a process).
pub fn wake_cost() -> Calibration {
  let forced = WAKE_OVERRIDE_MICROS.load(Ordering::Relaxed);
  if forced != u32::MAX {
    return Calibration {
      wake: Duration::from_micros(u64::from(forced)),
      took: Duration::ZERO,
      forced: true,
    };
  }
  static MEASURED: OnceLock<Calibration> = OnceLock::new();
  *MEASURED.get_or_init(|| {
    let start = Instant::now();
    let wake = measure_wake_cost().unwrap_or(Duration::ZERO);
    Calibration {
      wake,
      took: start.elapsed(),
      forced: false,
    }
  })
}

/// Median round trip to a helper thread parked (as a pool worker parks) minus the median to
/// one spinning (as a pool worker spins): the wake-up alone. At most [`CALIBRATION_LIMIT`];
/// None when that was too short for 3 of each, or the helper thread cannot be started (then
/// the estimate starts at 0 and the pool's own wake-ups set it).
fn measure_wake_cost() -> Option<Duration> {
  let (sender, receiver) = crossbeam_channel::unbounded::<u64>();
  let answered = Arc::new(AtomicU64::new(0));
  let spinning = Arc::new(AtomicBool::new(false));
  let parking = Arc::new(Parking::new(Duration::ZERO, false));
  let end = Instant::now() + CALIBRATION_LIMIT;
  let helper = {
    let (answered, spinning, parking) = (
      Arc::clone(&answered),
      Arc::clone(&spinning),
      Arc::clone(&parking),
    );
    let parks = AtomicU64::new(0);
    thread::Builder::new()
      .name("fib-pool-calibrate".into())
      .spawn(move || loop {
        let got = if spinning.load(Ordering::Acquire) {
          parking.start_spinning();
          let got = spin_recv(&receiver);
          parking.stop_spinning();
          got
        } else {
          parking.sleep(&receiver, &parks).map(|(seq, _)| seq)
        };
        match got {
          Some(seq) => answered.store(seq, Ordering::Release),
          None => return,
        }
      })
      .ok()?
  };
  let mut seq = 0;
  let round_trip = |seq: u64| {
    let start = Instant::now();
    let _ = sender.send(seq);
    parking.job_sent();
    while answered.load(Ordering::Acquire) != seq && start.elapsed() < ROUND_CAP {
      std::hint::spin_loop();
    }
    start.elapsed()
  };
  let mut parked = Vec::with_capacity(CALIBRATION_ROUNDS);
  while parked.len() < CALIBRATION_ROUNDS && Instant::now() < end {
    thread::sleep(PARK_GAP);
    seq += 1;
    parked.push(round_trip(seq));
  }
  spinning.store(true, Ordering::Release);
  // The helper still parks for this first one; after it, it spins.
  seq += 1;
  round_trip(seq);
  let mut spun = Vec::with_capacity(CALIBRATION_ROUNDS);
  while spun.len() < CALIBRATION_ROUNDS && Instant::now() < end {
    seq += 1;
    spun.push(round_trip(seq));
  }
  // Joined, so that no thread of the pool's outlives its constructor (a process's thread
  // count is what it was plus the pool's threads); it ends as soon as it runs again.
  drop(sender);
  parking.wake_all();
  let _ = helper.join();
  if parked.len() < 3 || spun.len() < 3 {
    return None;
  }
  Some(median(&mut parked).saturating_sub(median(&mut spun)))
}

fn median(samples: &mut [Duration]) -> Duration {
  samples.sort_unstable();
  samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// Looks at the channel until a job comes (yielding the core between looks). None once the
/// channel is closed.
fn spin_recv<T>(jobs: &Receiver<T>) -> Option<T> {
  loop {
    match jobs.try_recv() {
      Ok(job) => return Some(job),
      Err(TryRecvError::Disconnected) => return None,
      Err(TryRecvError::Empty) => thread::yield_now(),
    }
  }
}

/// A job that knows when it was queued: a spin that was preempted past its deadline and then
/// found it tells from this whether the call still came within the spin's reach.
pub trait Queued {
  /// When it was sent; None counts as within any spin's reach.
  fn queued_at(&self) -> Option<Instant> {
    None
  }
}

#[cfg(test)]
impl Queued for u32 {}

/// One worker's waiting: its policy, and (adaptive) whether calls have been coming close
/// together lately.
pub struct Waiter {
  policy: SpinPolicy,
  armed: bool,
  /// The current job came to a worker parked beyond a spin's reach and the backoff allows a
  /// probe: spin once after it although disarmed.
  probe: bool,
  /// The last job came to a parked worker (its latency is a wake-up: see [`Parking::learn`]).
  pub slept: bool,
}

impl Waiter {
  pub fn new(policy: SpinPolicy) -> Self {
    Self {
      policy,
      armed: true,
      probe: false,
      slept: false,
    }
  }

  /// How long to spin now: a fixed policy's, or the current wake-up estimate's budget.
  fn budget(&self, parking: &Parking) -> Duration {
    match self.policy {
      SpinPolicy::Fixed(budget) => budget,
      SpinPolicy::Adaptive => adaptive_budget(parking.wake_cost()),
    }
  }

  /// The spin to make now, if any (counted as spinning from here).
  fn start_spin(&self, parking: &Parking) -> Option<Duration> {
    let budget = self.budget(parking);
    let spin = match self.policy {
      SpinPolicy::Fixed(_) => !budget.is_zero(),
      SpinPolicy::Adaptive => !budget.is_zero() && (self.armed || self.probe),
    };
    if !spin {
      return None;
    }
    parking.start_spinning();
    Some(budget)
  }

  /// The next job: spin for the budget when the policy says so, else (or then) sleep.
  /// None once the channel is closed and empty.
  pub fn next<T: Queued>(
    &mut self,
    jobs: &Receiver<T>,
    parking: &Parking,
    counters: &SpinCounters,
  ) -> Option<T> {
    self.slept = false;
    if let Some(budget) = self.start_spin(parking) {
      let deadline = Instant::now() + budget;
      let mut polled = Instant::now();
      let mut longest_gap = Duration::ZERO;
      let spun = loop {
        match jobs.try_recv() {
          Ok(job) => break Some(Some(job)),
          Err(TryRecvError::Disconnected) => break Some(None),
          Err(TryRecvError::Empty) => {
            let now = Instant::now();
            longest_gap = longest_gap.max(now - polled);
            polled = now;
            if now >= deadline {
              break None;
            }
            thread::yield_now();
          }
        }
      };
      parking.stop_spinning();
      // A poll that came back late means the yield handed the core to another thread that
      // wanted it: spinning costs someone else's CPU now (see [`Parking::contended`]).
      parking.set_contended(longest_gap > CONTENDED_GAP);
      // A job sent after the deadline, found by a spinner preempted past it (a loaded
      // machine), came long after the last one: it does not show calls coming close together
      // (a probe that finds one neither arms nor resets the backoff).
      let close =
        matches!(&spun, Some(Some(job)) if job.queued_at().is_none_or(|at| at <= deadline));
      let probed = std::mem::take(&mut self.probe);
      if close {
        parking.close_call();
      } else if probed {
        parking.probe_missed();
      }
      match spun {
        Some(Some(job)) => {
          counters.hits.fetch_add(1, Ordering::Relaxed);
          // A probe that caught the next call in time arms the worker: calls come close together
          // now. (An armed spin stays armed even when it was preempted past its deadline: under
          // contention that is when a wake-up costs most.)
          self.armed = self.armed || close;
          // Jobs sent while this one spun woke nobody: if any is left, a sleeper takes it.
          if !jobs.is_empty() {
            parking.wake_one();
          }
          return Some(job);
        }
        Some(None) => return None,
        None => {
          counters.misses.fetch_add(1, Ordering::Relaxed);
          self.armed = false;
        }
      }
    }
    self.probe = false;
    let budget = self.budget(parking);
    let asleep_at = Instant::now();
    let (job, slept) = parking.sleep(jobs, &counters.parks)?;
    self.slept = slept;
    // The job came soon enough that a spin of `budget` would have caught it (the wake-up's
    // own cost is part of what was measured): spin next time. Soon after *any* worker parked
    // counts too: the condition variable wakes the longest sleeper, so a burst's second call
    // may reach a worker parked since long before the first. Later than that, it may be a
    // burst's first call: probe whether the next one follows close.
    let reach = budget + parking.wake_cost();
    // The two rules beyond "a spin would have caught it" (another worker's park, the probe)
    // spin more; they apply only while spins have had the core to themselves: on busy cores
    // they cost the event loops CPU (docs/per-reply-cost.md).
    let idle_cores = !parking.contended();
    self.armed = asleep_at.elapsed() < reach || (idle_cores && parking.since_last_park() < reach);
    if self.armed {
      parking.close_call();
    }
    self.probe =
      !self.armed && idle_cores && self.policy == SpinPolicy::Adaptive && parking.probe_due();
    Some(job)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn each_wake_up_moves_the_estimate_an_eighth_of_the_way() {
    let parking = Parking::new(Duration::from_micros(80), true);
    parking.learn(Duration::from_micros(0));
    assert_eq!(parking.wake_cost(), Duration::from_micros(70));
    parking.learn(Duration::from_secs(1)); // counts as LEARN_CAP, 1 ms
    assert_eq!(
      parking.wake_cost(),
      Duration::from_nanos(70_000 + 930_000 / 8)
    );
    let fixed = Parking::new(Duration::from_micros(80), false);
    fixed.learn(Duration::ZERO);
    assert_eq!(fixed.wake_cost(), Duration::from_micros(80));
  }

  #[test]
  fn the_budget_is_the_wake_cost_within_its_bounds() {
    assert_eq!(adaptive_budget(Duration::from_micros(2)), Duration::ZERO);
    assert_eq!(
      adaptive_budget(Duration::from_micros(30)),
      Duration::from_micros(120)
    );
    assert_eq!(adaptive_budget(Duration::from_millis(5)), MAX_AUTO_SPIN);
  }

  fn wait_for(counter: &AtomicU64, value: u64) {
    let start = Instant::now();
    while counter.load(Ordering::Relaxed) < value {
      assert!(
        start.elapsed() < Duration::from_secs(10),
        "counter never reached {value}"
      );
      thread::yield_now();
    }
  }

  #[test]
  fn probes_back_off_while_they_miss_and_resume_after_close_calls() {
    let parking = Parking::new(Duration::from_micros(100), false);
    // Lone calls: every wake-up is a long park's, and every probe misses.
    let probed: Vec<u32> = (1..=200)
      .filter(|_| {
        let due = parking.probe_due();
        if due {
          parking.probe_missed();
        }
        due
      })
      .collect();
    assert_eq!(probed, [1, 3, 7, 15, 31, 63, 127, 191]);
    parking.close_call();
    assert!(parking.probe_due() && parking.probe_due());
  }

  /// Sends `jobs` to a parked worker at least 20 ms into its park (far beyond budget + wake
  /// cost: a gap, not a synchronisation), then waits until it has parked again.
  fn send_late(
    sender: &crossbeam_channel::Sender<u32>,
    parking: &Parking,
    parks: &AtomicU64,
    jobs: &[u32],
  ) {
    let parked = parks.load(Ordering::Relaxed);
    thread::sleep(Duration::from_millis(20));
    // All queued before the first wake-up: the worker sees them together, whatever the timing.
    for &job in jobs {
      sender.send(job).unwrap();
    }
    for _ in jobs {
      parking.job_sent();
    }
    wait_for(parks, parked + 1);
  }

  #[test]
  fn a_spin_that_misses_disarms_and_lone_late_jobs_back_off_the_probe() {
    let (sender, receiver) = crossbeam_channel::unbounded::<u32>();
    let counters = SpinCounters::default();
    let mut waiter = Waiter::new(SpinPolicy::Adaptive);
    let parking = Parking::new(Duration::from_micros(100), false);
    let seen = thread::scope(|scope| {
      let handle = scope.spawn(|| {
        let mut seen = 0;
        while waiter.next(&receiver, &parking, &counters).is_some() {
          seen += 1;
        }
        seen
      });
      // The first wait spun (armed at start), missed and parked.
      wait_for(&counters.parks, 1);
      // Each lone late job disarms; the first is followed by a probe (a miss), the second
      // is not (backoff), the third is again.
      for job in 1..=3 {
        send_late(&sender, &parking, &counters.parks, &[job]);
      }
      drop(sender);
      parking.wake_all();
      handle.join().unwrap()
    });
    assert_eq!(seen, 3);
    assert_eq!(counters.hits.load(Ordering::Relaxed), 0);
    assert_eq!(counters.misses.load(Ordering::Relaxed), 1 + 2);
  }

  #[test]
  fn on_contended_cores_a_late_job_is_not_followed_by_a_probe() {
    let (sender, receiver) = crossbeam_channel::unbounded::<u32>();
    let counters = SpinCounters::default();
    let mut waiter = Waiter::new(SpinPolicy::Adaptive);
    let parking = Parking::new(Duration::from_micros(100), false);
    // Misses read after each job; asserted once the worker has ended (a failed assertion
    // inside the scope would wait for a worker parked for ever).
    let (contended, free) = thread::scope(|scope| {
      let handle = scope.spawn(|| while waiter.next(&receiver, &parking, &counters).is_some() {});
      // The first wait spun (armed at start), missed and parked.
      wait_for(&counters.parks, 1);
      // The last spin lost its core: a lone late job is taken and the worker parks again
      // without a probe.
      parking.contended.store(true, Ordering::Relaxed);
      send_late(&sender, &parking, &counters.parks, &[1]);
      let contended = counters.misses.load(Ordering::Relaxed);
      // The cores free again: the next lone late job is followed by a probe (a miss).
      parking.contended.store(false, Ordering::Relaxed);
      send_late(&sender, &parking, &counters.parks, &[2]);
      let free = counters.misses.load(Ordering::Relaxed);
      drop(sender);
      parking.wake_all();
      handle.join().unwrap();
      (contended, free)
    });
    assert_eq!(contended, 1, "no probe on contended cores");
    assert_eq!(free, 2, "a probe once they are free");
  }

  #[test]
  fn a_probe_that_finds_the_next_job_arms_the_worker() {
    let (sender, receiver) = crossbeam_channel::unbounded::<u32>();
    let counters = SpinCounters::default();
    let mut waiter = Waiter::new(SpinPolicy::Adaptive);
    let parking = Parking::new(Duration::from_micros(100), false);
    thread::scope(|scope| {
      let handle = scope.spawn(|| while waiter.next(&receiver, &parking, &counters).is_some() {});
      wait_for(&counters.parks, 1);
      // A late burst of two: the probe after the first finds the second (a hit), which arms
      // the worker: it spins after the second too (a miss), then parks.
      send_late(&sender, &parking, &counters.parks, &[1, 2]);
      assert_eq!(counters.hits.load(Ordering::Relaxed), 1);
      assert_eq!(counters.misses.load(Ordering::Relaxed), 2);
      // The hit reset the backoff: the next lone late job is probed again.
      send_late(&sender, &parking, &counters.parks, &[3]);
      assert_eq!(counters.misses.load(Ordering::Relaxed), 3);
      drop(sender);
      parking.wake_all();
      handle.join().unwrap();
    });
  }

  #[test]
  fn an_armed_worker_takes_waiting_jobs_without_parking() {
    let (sender, receiver) = crossbeam_channel::unbounded::<u32>();
    let counters = SpinCounters::default();
    let mut waiter = Waiter::new(SpinPolicy::Adaptive);
    let parking = Parking::new(Duration::from_micros(100), false);
    sender.send(1).unwrap();
    sender.send(2).unwrap();
    drop(sender);
    assert_eq!(waiter.next(&receiver, &parking, &counters), Some(1));
    assert_eq!(waiter.next(&receiver, &parking, &counters), Some(2));
    assert_eq!(waiter.next(&receiver, &parking, &counters), None);
    assert_eq!(counters.hits.load(Ordering::Relaxed), 2);
    assert_eq!(counters.parks.load(Ordering::Relaxed), 0);
  }
}
