/**
 * The open-loop clock. Node's timers are whole milliseconds (libuv), so a schedule driven by
 * setTimeout sends up to ~1 ms late, more than a whole round trip on loopback. Instead one
 * "ticker" thread sleeps in Atomics.wait, whose timeout is sub-millisecond, until the earliest
 * time any client worker has a request due, and then wakes that worker (Atomics.notify, which
 * the worker awaits with Atomics.waitAsync; it resolves on the worker's event loop). The ticker
 * does no I/O and nothing else, so its sleep is as precise as the OS makes it; the workers
 * measure how late each request actually went out (the generator's lag) and report it.
 *
 * Shared memory: `due` (float64) holds the ticker's planned wake-up time in [0] and each worker's
 * next due time in [1 + slot] (Infinity: nothing due); `ctrl` (int32) holds a change counter in
 * [SEQ] that workers bump when they publish, a stop flag in [STOP], and one tick counter per
 * worker in [TICKS + slot] that the ticker bumps to wake it. Times are on the clock every thread
 * shares, CLOCK_MONOTONIC in ms (process.hrtime). A worker converts from its performance.now()
 * afresh at each publish: the two clocks' difference was seen to move by up to 9 ms in a worker's
 * first second on a loaded machine, which, converted once, made the ticker wake it 9 ms late.
 */
import { Worker } from 'node:worker_threads';

/** Atomics.waitAsync (ES2024; in Node since 16, which the load generator always runs on). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

/** Index of the change counter in `ctrl`. */
export const SEQ = 0;
/** Index of the stop flag in `ctrl`. */
export const STOP = 1;
/** Index of worker 0's tick counter in `ctrl`. */
export const TICKS = 2;
/** Index of the ticker's planned wake-up in `due`; worker `slot`'s due time is at 1 + slot. */
export const WAKE_AT = 0;

/** The ticker's shared memory, as workerData carries it. */
export interface TickerMemory {
  due: SharedArrayBuffer;
  ctrl: SharedArrayBuffer;
  workers: number;
}

/** The shared clock: CLOCK_MONOTONIC in ms, the same in every thread. */
export function sharedNow(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Allocates the ticker's shared memory for `workers` client workers, nothing due yet. */
export function tickerMemory(workers: number): TickerMemory {
  const memory = {
    due: new SharedArrayBuffer((1 + workers) * Float64Array.BYTES_PER_ELEMENT),
    ctrl: new SharedArrayBuffer((TICKS + workers) * Int32Array.BYTES_PER_ELEMENT),
    workers,
  };
  new Float64Array(memory.due).fill(Number.POSITIVE_INFINITY);
  return memory;
}

/** A client worker's side of the ticker: publish when its next request is due, be woken then. */
export class TickerClient {
  private readonly due: Float64Array;
  private readonly ctrl: Int32Array;
  private published = Number.POSITIVE_INFINITY;

  constructor(
    memory: TickerMemory,
    private readonly slot: number,
  ) {
    this.due = new Float64Array(memory.due);
    this.ctrl = new Int32Array(memory.ctrl);
  }

  /** The due time this worker last published, on its own performance.now() clock. */
  get publishedDue(): number {
    return this.published;
  }

  /** Publishes this worker's next due time (performance.now() ms; Infinity for none). */
  publish(due: number): void {
    if (due === this.published) return;
    this.published = due;
    const shared = due + (sharedNow() - performance.now());
    this.due[1 + this.slot] = shared;
    Atomics.add(this.ctrl, SEQ, 1);
    // The ticker plans its sleep without this worker once it has woken it, and a bump of SEQ
    // ends a sleep that has not begun: only a due time before its planned wake-up needs a notify.
    if (shared < (this.due[WAKE_AT] as number)) Atomics.notify(this.ctrl, SEQ);
  }

  /** How many times the ticker has woken this worker: read it before {@link publish}. */
  ticks(): number {
    return Atomics.load(this.ctrl, TICKS + this.slot);
  }

  /**
   * Calls `onTick` on this thread's event loop once the ticker has woken this worker more than
   * `seen` times. `seen` must be read before the due time is published: a wake-up that comes
   * between the publish and this call is then not missed.
   */
  nextTick(seen: number, onTick: () => void): void {
    const result = waitAsync(this.ctrl, TICKS + this.slot, seen);
    if (result.async) void result.value.then(onTick);
    else queueMicrotask(onTick);
  }
}

/** The main thread's handle on the ticker thread. */
export interface Ticker {
  memory: TickerMemory;
  /** Stops the ticker thread; resolves once it has exited. */
  stop(): Promise<void>;
}

// Resolved next to this module, so it is dist/load/ticker-thread.js once compiled.
const TICKER_ENTRY = new URL('./ticker-thread.js', import.meta.url);

/** Starts the ticker thread for `workers` client workers. */
export function startTicker(workers: number): Ticker {
  const memory = tickerMemory(workers);
  const thread = new Worker(TICKER_ENTRY, { workerData: memory });
  thread.on('error', () => {}); // a ticker that died shows as lag in the report; stop() still ends it
  return {
    memory,
    async stop() {
      const ctrl = new Int32Array(memory.ctrl);
      Atomics.store(ctrl, STOP, 1);
      Atomics.add(ctrl, SEQ, 1);
      Atomics.notify(ctrl, SEQ);
      await thread.terminate();
    },
  };
}
