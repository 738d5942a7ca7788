/** The main thread's side of one client worker: typed messages in order, with deadlines, and a sure stop. */
import { Worker } from 'node:worker_threads';
import { workerError } from './errors.js';
import type { MainToWorker, WorkerInput, WorkerToMain } from './worker-messages.js';

type Message<T extends WorkerToMain['type']> = Extract<WorkerToMain, { type: T }>;

/** Wraps a `Worker` running client-worker.js. */
export class WorkerHandle {
  private readonly worker: Worker;
  private readonly inbox: WorkerToMain[] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  /** Starts the worker at `entry` with `input` as its workerData. */
  constructor(entry: URL, input: WorkerInput) {
    this.worker = new Worker(entry, { workerData: input });
    this.worker.on('message', (message: WorkerToMain) => {
      this.inbox.push(message);
      this.wake?.();
    });
    this.worker.on('error', (error) => this.fail(workerError(error.message)));
    this.worker.on('exit', (code) => this.fail(workerError(`exited with code ${code} before reporting`)));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake?.();
  }

  /** The next message, which must be of `type`; rejects if the worker dies or `timeoutMs` passes first. */
  async next<T extends WorkerToMain['type']>(type: T, timeoutMs: number): Promise<Message<T>> {
    const deadline = performance.now() + timeoutMs;
    while (this.inbox.length === 0) {
      if (this.failure !== null) throw this.failure;
      const left = deadline - performance.now();
      if (left <= 0) throw workerError(`no '${type}' message within ${Math.round(timeoutMs)} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    const message = this.inbox.shift() as WorkerToMain;
    if (message.type !== type) throw workerError(`expected '${type}', got '${message.type}'`);
    return message as Message<T>;
  }

  /** Sends a control message. */
  post(message: MainToWorker): void {
    this.worker.postMessage(message);
  }

  /** Terminates the thread (its sockets die with it); resolves once it has exited. */
  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    this.worker.on('exit', () => {});
    await this.worker.terminate();
  }
}
