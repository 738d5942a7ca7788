import cluster, { type Address, type Worker } from 'node:cluster';
import { handoffEnv } from '../handoff.js';
import type { ServerOptions } from '../options.js';
import { formatReadiness } from '../readiness.js';
import { onShutdownSignals } from '../signals.js';
import type { ServerSpec } from '../spec.js';
import { runSingleProcess } from './single.js';

/** The message by which the primary stops a worker gracefully. */
const SHUTDOWN = 'fiblab:shutdown';

/**
 * node:cluster: the primary forks `workers` processes that each run the variant's strategy
 * in a single-process server on the same port (the primary accepts and hands connections
 * round-robin). A worker that dies is re-forked unless the server is shutting down.
 */
export async function runCluster(spec: ServerSpec, options: ServerOptions): Promise<number> {
  const single: ServerSpec = { ...spec, processModel: 'single' };
  if (cluster.isWorker) {
    // The primary asks for a graceful stop over IPC: the same shutdown as on SIGTERM.
    process.on('message', (message: unknown) => {
      if (message === SHUTDOWN) process.emit('SIGTERM', 'SIGTERM');
    });
    // Serve, and print nothing: the primary prints the readiness line.
    const code = await runSingleProcess(single, options, () => {});
    // The IPC channel to the primary would keep this process alive after the shutdown.
    process.disconnect?.();
    return code;
  }

  let stopping = false;
  // Workers run `serve` with the primary's parsed options handed over, not its command line.
  cluster.setupPrimary({ args: ['serve'] });
  const fork = (): Worker => cluster.fork(handoffEnv(spec, options));
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    process.stderr.write(
      `fiblab cluster: worker ${worker.process.pid} died (${signal ?? code}), forking another\n`,
    );
    fork();
  });

  const workers = Array.from({ length: options.workers }, fork);
  // With --port 0 the primary picks one free port at the first listen; every worker shares it.
  const addresses = await Promise.all(
    workers.map((worker) => new Promise<Address>((resolve) => worker.once('listening', resolve))),
  );
  const first = addresses[0] as Address;
  const stopped = onShutdownSignals(async () => {
    stopping = true;
    await Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (worker) => worker && stopWorker(worker, options.shutdownTimeoutMs),
      ),
    );
  });
  process.stdout.write(
    `${formatReadiness({
      host: options.host,
      port: first.port,
      variant: spec.name,
      pid: process.pid,
      extra: { workers: options.workers },
    })}\n`,
  );
  await stopped;
  return 0;
}

/** SIGTERM (the worker shuts down gracefully), then SIGKILL if it outlives the bound. */
function stopWorker(worker: Worker, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    const kill = setTimeout(() => worker.process.kill('SIGKILL'), graceMs + 1000);
    worker.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    // A message, not worker.process.kill('SIGTERM'): on Deno, ChildProcess.kill() also closes
    // the IPC channel, and the worker's server.close() then dies writing to it (BrokenPipe).
    if (worker.isConnected()) worker.send(SHUTDOWN);
    else worker.process.kill('SIGTERM');
  });
}
