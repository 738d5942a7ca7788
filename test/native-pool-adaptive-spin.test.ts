/**
 * FibPool's adaptive spin (the default, `spinMicros: 'auto'`): a worker spins after a call only
 * while calls come close together, for as long as the machine's measured wake-up costs, and an
 * idle pool burns (almost) nothing. Real pools, real threads; the evidence is CPU time (the
 * process's, and the pool threads' own from /proc's schedstat, in ns) and the pool's counters.
 * The rule's tests use the test build with a fixed wake-up cost, so that they do not depend on
 * the machine (where parking is cheap the measured budget is 0 and nothing would spin).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FibPool, type FibPoolSpin } from 'fiblab/native';
import { waitUntil } from './helpers/wait-until.js';

const TEST_BUILD = fileURLToPath(new URL('../.cache/native-test/binding.js', import.meta.url));
const HAS_SCHEDSTAT = existsSync(`/proc/${process.pid}/task/${process.pid}/schedstat`);
/**
 * The whole process's CPU over an idle second. Where each thread's CPU can be read, the pool's own
 * threads carry the exact bound and this one only catches a gross leak (a pool that kept spinning
 * used 0.5–1 s): the rest of the process (V8's background threads still finishing a test file's
 * start) took up to 6 ms of an idle second while the suite ran beside it. Elsewhere it is the bound.
 */
const PROCESS_IDLE_BOUND_MS = HAS_SCHEDSTAT ? 25 : 5;
/** The fixed wake-up cost the rule's tests give the test build: its budget is the same (the cap). */
const WAKE_US = 200;

type WakeArgs = [okPairs: number[], failedIds: number[] | null, errors: Error[] | null];
interface RawPool {
  submit(id: number, n: number): void;
  readonly spin: FibPoolSpin;
  close(): void;
}
interface TestBinding {
  __overrideWakeCostMicros(micros?: number): void;
  RustPool: new (onWake: (...args: WakeArgs) => void, threads?: number, spinMicros?: number) => RawPool;
}

/** A pool of the test build whose adaptive spin believes a wake-up costs {@link WAKE_US} (or a fixed spin). */
function testPool(threads: number, spinMicros?: number): { fib1: () => Promise<number>; raw: RawPool } {
  assert.ok(existsSync(TEST_BUILD), `${TEST_BUILD} is missing: run npm run build:native:test`);
  const binding = createRequire(import.meta.url)(TEST_BUILD) as TestBinding;
  binding.__overrideWakeCostMicros(WAKE_US);
  // Driven as the package's wrapper drives it: ids in, batches of (id, value) out.
  const waiting = new Map<number, (value: number) => void>();
  const raw = new binding.RustPool(
    (okPairs) => {
      for (let i = 0; i < okPairs.length; i += 2)
        waiting.get(okPairs[i] as number)?.(okPairs[i + 1] as number);
    },
    threads,
    spinMicros,
  );
  let nextId = 0;
  const fib1 = () =>
    new Promise<number>((resolve) => {
      const id = ++nextId;
      waiting.set(id, (value) => {
        waiting.delete(id);
        resolve(value);
      });
      raw.submit(id, 1);
    });
  return { fib1, raw };
}

/** CPU time (ns) the pool's worker threads (named fib-pool-<i>) used so far: schedstat's first field. */
function poolThreadsCpuNs(): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${process.pid}/task`)) {
    try {
      const dir = `/proc/${process.pid}/task/${tid}`;
      if (!/^fib-pool-\d+$/.test(readFileSync(`${dir}/comm`, 'utf8').trim())) continue;
      total += Number(readFileSync(`${dir}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended
    }
  }
  return total;
}

const processCpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** The process's CPU over one idle second (the measuring window, not a synchronisation), ms. */
async function idleSecondCpuMs(): Promise<number> {
  // First the process itself settles (a test file's start compiles and collects for a while):
  // 100 ms in a row with under 1 ms of CPU, within 10 s.
  let last = processCpuUs();
  const settled = await waitUntil(
    () => {
      const now = processCpuUs();
      const quiet = now - last < 1000;
      last = now;
      return quiet;
    },
    10_000,
    100,
  );
  assert.ok(settled, 'this process never had 100 ms with under 1 ms of CPU within 10 s');
  const before = processCpuUs();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return (processCpuUs() - before) / 1000;
}

/** Busy-waits `us` on the JS thread: the gap between two calls (load shape, not a wait for anything). */
function gap(us: number): void {
  const end = performance.now() + us / 1000;
  while (performance.now() < end);
}

/** CPU (µs) the pool's threads use for `calls` calls, each after a gap far beyond a spin's reach. */
async function spacedCallsCpuUs(fib1: () => Promise<number>, calls: number): Promise<number> {
  const before = poolThreadsCpuNs();
  for (let i = 0; i < calls; i++) {
    gap(10 * WAKE_US);
    await fib1();
  }
  return (poolThreadsCpuNs() - before) / 1000;
}

test('spinMicros: 0 never spins; a number is a fixed spin; anything else is refused', async () => {
  const pool = new FibPool({ threads: 1, spinMicros: 0 });
  try {
    for (let i = 0; i < 50; i++) await pool.fib(1);
    const spin = pool.spin;
    assert.deepEqual([spin.mode, spin.budgetMicros, spin.hits, spin.misses], ['fixed', 0, 0, 0]);
    assert.equal(spin.wakeMicros, undefined);
    // (How many calls woke a parked worker is the scheduler's: one preempted after its reply
    // finds the next call already waiting.)
    assert.ok(spin.parks > 0, `parks=${spin.parks}`);
  } finally {
    await pool.close();
  }
  const fixed = new FibPool({ threads: 1, spinMicros: 30 });
  assert.deepEqual([fixed.spin.mode, fixed.spin.budgetMicros], ['fixed', 30]);
  await fixed.close();
  assert.throws(() => new FibPool({ spinMicros: 'fast' as never }), {
    name: 'TypeError',
    code: 'ERR_FIB_TYPE',
    message: "new FibPool: options.spinMicros must be an integer from 0 to 1000000 or 'auto', got 'fast'",
  });
});

test('calls that come close together are taken by a spinning worker, without a park each', async () => {
  const { fib1, raw } = testPool(1);
  try {
    assert.deepEqual([raw.spin.mode, raw.spin.budgetMicros], ['adaptive', WAKE_US]);
    for (let i = 0; i < 20; i++) await fib1(); // arms the spin
    const before = raw.spin;
    const calls = 500;
    for (let i = 0; i < calls; i++) assert.equal(await fib1(), 1);
    const after = raw.spin;
    const hits = after.hits - before.hits;
    // A call follows the last one's reply within µs; a noisy neighbour may delay a few.
    assert.ok(
      hits >= calls / 2,
      `only ${hits} of ${calls} close calls found a spinning worker (${JSON.stringify(after)})`,
    );
  } finally {
    raw.close();
  }
});

test('calls spaced beyond a spin’s reach stop the spinning: the probes back off, and no spin’s CPU per call', {
  skip: HAS_SCHEDSTAT ? false : 'needs /proc/<pid>/task/<tid>/schedstat for thread CPU in ns',
}, async () => {
  const calls = 100;
  // What the same calls cost a pool that never spins: wake-ups, parks and the calls themselves
  // (1–5 ms for a debug build on a loaded machine).
  const never = testPool(1, 0);
  let neverUs: number;
  try {
    for (let i = 0; i < 20; i++) await never.fib1();
    neverUs = await spacedCallsCpuUs(never.fib1, calls);
  } finally {
    never.raw.close();
  }
  const { fib1, raw } = testPool(1);
  try {
    for (let i = 0; i < 20; i++) await fib1(); // close calls: armed
    const before = raw.spin;
    const cpuUs = await spacedCallsCpuUs(fib1, calls);
    const after = raw.spin;
    // The first spin after the close calls misses and disarms; each later call wakes a parked
    // worker, and the probe after it backs off while it misses (probes after the 1st, 3rd,
    // 7th, …, 63rd lone call: log2 of the calls). (A worker preempted for longer than a gap
    // finds the next call waiting: that counts as close, and costs one more spin; a loaded
    // machine allows a few.)
    const misses = after.misses - before.misses;
    assert.ok(
      misses <= 1 + Math.log2(calls) + calls / 10,
      `spins that missed: ${misses} of ${calls} calls (${JSON.stringify(after)})`,
    );
    // Likewise a call that finds its worker not yet parked (preempted past the gap) is no park:
    // the same few on a loaded machine (the suite beside it: 97 of 100 seen).
    assert.ok(
      after.parks - before.parks >= calls - misses - calls / 10,
      `parks: ${after.parks - before.parks} of ${calls} spaced calls (${JSON.stringify(after)})`,
    );
    // A spin after every call would cost calls × WAKE_US = 20 ms more than never spinning.
    const bound = neverUs + (calls * WAKE_US) / 4;
    assert.ok(
      cpuUs < bound,
      `the pool's thread used ${Math.round(cpuUs)} µs for ${calls} spaced calls, a never-spinning pool's ${Math.round(neverUs)} (bound ${Math.round(bound)}; ${JSON.stringify(after)})`,
    );
  } finally {
    raw.close();
  }
});

test('after an idle gap, the first call of a burst arms the spin: its second call finds a spinning worker', async () => {
  const { fib1, raw } = testPool(2);
  try {
    for (let i = 0; i < 20; i++) await fib1(); // close calls: armed
    const bursts = 20;
    let firstWoke = 0;
    let secondHit = 0;
    for (let b = 0; b < bursts; b++) {
      // Both workers asleep (the last call's spin ended), then parked beyond a spin's reach.
      assert.ok(
        await waitUntil(() => raw.spin.parked === 2, 5000, 1),
        `never idle: ${JSON.stringify(raw.spin)}`,
      );
      gap(10 * WAKE_US);
      const before = raw.spin;
      assert.equal(await fib1(), 1);
      const between = raw.spin;
      assert.equal(await fib1(), 1);
      const after = raw.spin;
      if (between.hits === before.hits) firstWoke++;
      if (after.hits > between.hits) secondHit++;
    }
    // Without the probe a burst's first call left its worker disarmed and the second woke a
    // parked one again: 0 of 20. A preempted worker or JS thread may make a few late.
    const what = `${secondHit} of ${bursts} bursts' second calls found a spinning worker, ${firstWoke} first calls woke one (${JSON.stringify(raw.spin)})`;
    assert.ok(firstWoke >= bursts / 2, what);
    assert.ok(secondHit >= bursts / 2, what);
  } finally {
    raw.close();
  }
});

test('an armed pool left idle spins once per thread, then costs ≤ 5 ms of CPU over 1 s', {
  skip: HAS_SCHEDSTAT ? false : 'needs /proc/<pid>/task/<tid>/schedstat for thread CPU in ns',
}, async () => {
  const { fib1, raw } = testPool(2);
  try {
    for (let i = 0; i < 500; i++) await fib1();
    const before = raw.spin;
    const poolBefore = poolThreadsCpuNs();
    const idleMs = await idleSecondCpuMs();
    const poolUs = (poolThreadsCpuNs() - poolBefore) / 1000;
    const after = raw.spin;
    assert.ok(idleMs <= PROCESS_IDLE_BOUND_MS, `the process used ${idleMs} ms of CPU over an idle second`);
    assert.ok(poolUs <= 2 * WAKE_US + 1000, `the idle pool's threads used ${Math.round(poolUs)} µs`);
    assert.ok(after.misses - before.misses <= 2, `misses while idle: ${after.misses - before.misses}`);
  } finally {
    raw.close();
  }
});

test("the default pool's spin is adaptive, sized by this machine's measured wake-up, and its idle second costs ≤ 5 ms of CPU", async () => {
  const pool = new FibPool({ threads: 2 });
  try {
    const { mode, budgetMicros, wakeMicros } = pool.spin;
    assert.equal(mode, 'adaptive');
    assert.ok(wakeMicros !== undefined && wakeMicros >= 0, `wakeMicros=${wakeMicros}`);
    assert.equal(budgetMicros, wakeMicros < 3 ? 0 : Math.min(4 * wakeMicros, 200));
    // Close calls arm the spin (where it pays here; few, so that their garbage is no GC work
    // in the idle second); then the pool goes idle.
    for (let i = 0; i < 300; i++) await pool.fib(1);
    const poolBefore = HAS_SCHEDSTAT ? poolThreadsCpuNs() : 0;
    const idleMs = await idleSecondCpuMs();
    const poolMs = HAS_SCHEDSTAT ? (poolThreadsCpuNs() - poolBefore) / 1e6 : 0;
    const what = `spin ${JSON.stringify(pool.spin)}; the pool's threads: ${poolMs.toFixed(2)} ms`;
    assert.ok(
      idleMs <= PROCESS_IDLE_BOUND_MS,
      `an idle pool cost the process ${idleMs} ms of CPU over 1 s (${what})`,
    );
    assert.ok(poolMs <= 1, `an idle pool's threads used ${poolMs} ms of CPU over 1 s (${what})`);
  } finally {
    await pool.close();
  }
});
