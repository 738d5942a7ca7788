import { fileURLToPath } from 'node:url';
import workerpool from 'workerpool';
import { FairQueue, fairCapacity } from './fair-queue.js';
import {
  ComputeError,
  type ComputeStrategy,
  type ConnectionCompute,
  type StrategyOptions,
} from './strategy.js';

/**
 * A pool of forked child processes computing fib over IPC (the seed's multiprocess_server),
 * run by workerpool: it forks `workers` children up front, serialises each call as a JSON
 * message, and replaces a child that dies (its call rejects: `ERR EINTERNAL`).
 *
 * A fair queue hands workerpool at most one task per child, round-robin over connections; a
 * closed connection's tasks not yet handed over are dropped. This also keeps workerpool's own
 * queue empty, which it must be: workerpool 10.0.3 loses the dispatch of a child that dies
 * (Pool.prototype._next: its `.then(() => me._next())` never runs, because `_removeWorker`'s
 * promise never settles for a child that already exited — WorkerHandler.prototype.terminate
 * waits for an 'exit' event that was already emitted — or rejects when `worker.killed` is set),
 * so tasks queued there would wait for ever once as many children have died as there are.
 */
export function createProcessPoolStrategy(options: StrategyOptions): ComputeStrategy {
  const pool = workerpool.pool(fileURLToPath(new URL('./process-worker.js', import.meta.url)), {
    workerType: 'process',
    minWorkers: options.workers,
    maxWorkers: options.workers,
    // Children must not inherit the server's --inspect or other flags.
    forkOpts: { execArgv: [] },
  });
  const queue = new FairQueue(fairCapacity(options.workers));
  const start = (n: number) => () =>
    Promise.resolve(pool.exec('fib', [n])).catch((error: unknown) => {
      throw new ComputeError('worker died', { cause: error });
    }) as Promise<number>;
  return {
    name: 'process-pool',
    details: { workers: options.workers },
    connect(): ConnectionCompute {
      const lane = queue.lane();
      // A child already computing for a closed connection is not killed; its result is dropped.
      return { compute: (n) => lane.run(start(n)), release: () => lane.close() };
    },
    // Called once every connection is closed: nothing left is worth waiting for.
    close: async () => {
      await pool.terminate(true);
    },
  };
}
