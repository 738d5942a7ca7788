/**
 * A fair queue in front of a shared pool (libuv's threads, piscina's threads, workerpool's
 * children). A pool's own queue is one FIFO for every connection: a client that pipelines many
 * heavy requests makes a newcomer wait for all of them. Here each connection has its own queue
 * (a {@link Lane}); at most `capacity` tasks (one per pool thread or child) are handed to the
 * pool at a time, taken from the lanes round-robin. A newcomer therefore waits for one running
 * task to end, not for every queued one, and each connection gets about capacity ÷ active
 * connections of the pool. Work of a lane that is closed (its connection left) and has not
 * started is dropped.
 */
import { ComputeError } from './strategy.js';

interface Task {
  start(): Promise<number>;
  resolve(value: number): void;
  reject(error: unknown): void;
}

/** One connection's queue. */
export interface Lane {
  /** Runs `start` when this lane's turn comes; settles as its promise does. */
  run(start: () => Promise<number>): Promise<number>;
  /** The connection is gone: its tasks not yet started are dropped (they reject). */
  close(): void;
}

/** Round-robin over lanes, at most `capacity` tasks running. */
export class FairQueue {
  readonly #capacity: number;
  // Lanes with queued tasks, in turn order (a Set keeps insertion order; re-adding moves to the end).
  readonly #turns = new Set<LaneState>();
  #running = 0;

  /** `capacity`: tasks handed to the pool at once; Infinity = no fairness (straight through). */
  constructor(capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`fair queue capacity must be ≥ 1, got ${capacity}`);
    this.#capacity = capacity;
  }

  /** Tasks handed to the pool and not settled. */
  get running(): number {
    return this.#running;
  }

  /** A new connection's lane. */
  lane(): Lane {
    const state: LaneState = { queue: [], closed: false };
    return {
      run: (start) =>
        new Promise<number>((resolve, reject) => {
          if (state.closed) return reject(new ComputeError('connection closed'));
          state.queue.push({ start, resolve, reject });
          this.#turns.add(state);
          this.#pump();
        }),
      close: () => {
        state.closed = true;
        this.#turns.delete(state);
        const dropped = new ComputeError('connection closed');
        for (const task of state.queue.splice(0)) task.reject(dropped);
      },
    };
  }

  #pump(): void {
    while (this.#running < this.#capacity) {
      const state = this.#turns.values().next().value as LaneState | undefined;
      if (state === undefined) return;
      this.#turns.delete(state);
      const task = state.queue.shift() as Task;
      if (state.queue.length > 0) this.#turns.add(state);
      this.#running++;
      let promise: Promise<number>;
      try {
        promise = task.start();
      } catch (error) {
        promise = Promise.reject(error);
      }
      promise.then(
        (value) => this.#done(task.resolve, value),
        (error: unknown) => this.#done(task.reject, error),
      );
    }
  }

  #done<T>(settle: (value: T) => void, value: T): void {
    this.#running--;
    // The next task goes to the pool before this one's reply is written.
    this.#pump();
    settle(value);
  }
}

interface LaneState {
  queue: Task[];
  closed: boolean;
}

/**
 * Test-only: with FIBLAB_TEST_UNFAIR=1 every task goes straight to the pool's own FIFO, as
 * before the fair queue; `npm run bench:fairness` compares the two on the same machine.
 */
export function fairCapacity(capacity: number): number {
  return process.env.FIBLAB_TEST_UNFAIR === '1' ? Number.POSITIVE_INFINITY : capacity;
}
