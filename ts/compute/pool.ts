import { setMaxListeners } from 'node:events';
import { Piscina } from 'piscina';
import { FairQueue, fairCapacity } from './fair-queue.js';
import {
  ComputeError,
  type ComputeStrategy,
  type ConnectionCompute,
  type StrategyOptions,
} from './strategy.js';

/**
 * A piscina pool of worker threads (V8 isolates: JS's answer to the seed's subinterpreters).
 * Each connection gets an AbortSignal: when the client leaves, its queued tasks are dropped
 * and a task already running is stopped (piscina terminates and replaces that worker). A fair
 * queue hands piscina one task per thread at a time, round-robin over connections.
 */
export function createPoolStrategy(options: StrategyOptions): ComputeStrategy {
  const pool = new Piscina<number, number>({
    // A CommonJS entry that imports the task: see fib-worker-entry.cts for why.
    filename: new URL('./fib-worker-entry.cjs', import.meta.url).href,
    minThreads: options.workers,
    maxThreads: options.workers,
    // Keep every worker for the server's life: respawning costs far more than a request.
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  // On Deno a worker that piscina stopped for an aborted task (its client left) can still
  // deliver that task's result; piscina, which no longer knows the task, emits it as an 'error'
  // event, and an unheard 'error' would end the server. The result has no taker: drop it. Any
  // other pool error ends the server as before.
  pool.on('error', (error: Error) => {
    if (!error.message.startsWith('Unexpected message from Worker')) throw error;
  });
  const queue = new FairQueue(fairCapacity(options.workers));
  return {
    name: 'pool',
    details: { workers: options.workers },
    connect(): ConnectionCompute {
      const controller = new AbortController();
      // One listener per pending task on this connection, at most.
      setMaxListeners(options.maxPendingPerConnection + 1, controller.signal);
      const run = { signal: controller.signal };
      const lane = queue.lane();
      return {
        compute: (n) =>
          lane.run(() =>
            pool.run(n, run).catch((error: unknown) => {
              throw new ComputeError('worker died', { cause: error });
            }),
          ),
        release: () => {
          lane.close();
          controller.abort();
        },
      };
    },
    close: () => pool.destroy(),
  };
}
