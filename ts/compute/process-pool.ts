import { fileURLToPath } from 'node:url';
import workerpool from 'workerpool';
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
 */
export function createProcessPoolStrategy(options: StrategyOptions): ComputeStrategy {
  const pool = workerpool.pool(fileURLToPath(new URL('./process-worker.js', import.meta.url)), {
    workerType: 'process',
    minWorkers: options.workers,
    maxWorkers: options.workers,
    // Children must not inherit the server's --inspect or other flags.
    forkOpts: { execArgv: [] },
  });
  const compute: ConnectionCompute = {
    compute: (n) =>
      Promise.resolve(pool.exec('fib', [n])).catch((error: unknown) => {
        throw new ComputeError('worker died', { cause: error });
      }) as Promise<number>,
    // Results of a closed connection are dropped; a running child is not killed for it.
    release() {},
  };
  return {
    name: 'process-pool',
    details: { workers: options.workers },
    connect: () => compute,
    close: async () => {
      await pool.terminate(false, 5000);
    },
  };
}
