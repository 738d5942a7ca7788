import { setMaxListeners } from 'node:events';
import { Piscina } from 'piscina';
import { FairQueue, fairCapacity } from './fair-queue.js';
import {
  ComputeError,
  type ComputeStrategy,
  type ConnectionCompute,
  type StrategyOptions,
} from './strategy.js';

/** Node's switch for require() of an ES module (on by default from Node 20.19 and 22.12). */
const NO_REQUIRE_ESM = '--no-experimental-require-module';

/**
 * The pool threads' flags: the server's own, and on Node require(esm) switched off. piscina loads
 * a task file with require() first and import() second; Node's synchronous require(esm) aborts
 * the whole process when a worker is terminated while it links the module (Node 20.20: "FATAL
 * ERROR: v8::Module::IsGraphAsync", Node 24: "Assertion failed ... CreateRequiredModuleFacade"),
 * and piscina terminates a still-loading worker on every shutdown that comes early and on every
 * replacement of a worker stopped for a client that left. Without it, require() of this ES module
 * fails at once and piscina takes import(), which a termination ends cleanly. Bun and Deno load
 * worker modules their own way and do not take Node's flags.
 */
function workerExecArgv(): string[] | undefined {
  const node = process.versions.bun === undefined && process.versions.deno === undefined;
  if (!node || !process.allowedNodeEnvironmentFlags.has(NO_REQUIRE_ESM)) return undefined;
  return [...process.execArgv, NO_REQUIRE_ESM];
}

/**
 * A piscina pool of worker threads (V8 isolates: JS's answer to the seed's subinterpreters).
 * Each connection gets an AbortSignal: when the client leaves, its queued tasks are dropped
 * and a task already running is stopped (piscina terminates and replaces that worker). A fair
 * queue hands piscina one task per thread at a time, round-robin over connections.
 */
export function createPoolStrategy(options: StrategyOptions): ComputeStrategy {
  const pool = new Piscina<number, number>({
    filename: new URL('./fib-worker.js', import.meta.url).href,
    minThreads: options.workers,
    maxThreads: options.workers,
    // Keep every worker for the server's life: respawning costs far more than a request.
    idleTimeout: Number.POSITIVE_INFINITY,
    execArgv: workerExecArgv(),
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
