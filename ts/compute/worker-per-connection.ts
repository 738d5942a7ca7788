import { Worker } from 'node:worker_threads';
import { ComputeError, type ComputeStrategy, type ConnectionCompute } from './strategy.js';

const WORKER_URL = new URL('./connection-worker.js', import.meta.url);

interface Waiter {
  resolve(value: number): void;
  reject(error: Error): void;
}

/**
 * One dedicated worker thread per connection (the seed's thread_server): started with the
 * connection's first request, terminated when the connection closes. The worker answers in
 * order, so a FIFO of waiters pairs replies with requests. A worker that dies fails the
 * requests it held; the next request starts a new one.
 */
class DedicatedWorker implements ConnectionCompute {
  #worker: Worker | undefined;
  readonly #waiting: Waiter[] = [];
  readonly #onRelease: () => void;

  constructor(onRelease: () => void) {
    this.#onRelease = onRelease;
  }

  compute(n: number): Promise<number> {
    const worker = this.#worker ?? this.#start();
    return new Promise<number>((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      worker.postMessage(n);
    });
  }

  release(): void {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failAll(new ComputeError('connection closed'));
    void worker?.terminate();
    this.#onRelease();
  }

  #start(): Worker {
    const worker = new Worker(WORKER_URL);
    worker.on('message', (value: number) => this.#waiting.shift()?.resolve(value));
    // 'error' precedes 'exit' for a throw; a process.exit() in the worker gives 'exit' only.
    worker.on('error', () => {});
    worker.on('exit', () => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#failAll(new ComputeError('worker died'));
    });
    // An idle dedicated worker must not keep a shutting-down server alive.
    worker.unref();
    this.#worker = worker;
    return worker;
  }

  #failAll(error: Error): void {
    for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
  }
}

/** A dedicated worker thread per connection: parallel, but each client pays a thread's start. */
export function createWorkerPerConnectionStrategy(): ComputeStrategy {
  const live = new Set<DedicatedWorker>();
  return {
    name: 'worker-per-connection',
    details: {},
    connect() {
      const dedicated: DedicatedWorker = new DedicatedWorker(() => live.delete(dedicated));
      live.add(dedicated);
      return dedicated;
    },
    close: async () => {
      for (const dedicated of live) dedicated.release();
    },
  };
}
