import { createStrategy } from '../../compute/index.js';
import { applyInlineBelow } from '../../compute/inline-below.js';
import { clampFacts } from '../fd-limit.js';
import { FibHttpServer } from '../http-server.js';
import type { ServerOptions } from '../options.js';
import { formatReadiness } from '../readiness.js';
import { onShutdownSignals } from '../signals.js';
import type { ServerSpec } from '../spec.js';
import { FibServer } from '../tcp-server.js';

/**
 * Runs one server process (models `single` and `sequential`): listens, prints the readiness
 * line, serves until SIGINT/SIGTERM, shuts down gracefully. Resolves with the exit code.
 */
export async function runSingleProcess(
  spec: ServerSpec,
  options: ServerOptions,
  announce: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const strategy = await applyInlineBelow(
    createStrategy(spec.strategy, {
      workers: options.workers,
      maxPendingPerConnection: options.maxPending,
    }),
    options.inlineBelow,
    options.maxN,
  );
  const admission = spec.processModel === 'sequential' ? 'one-at-a-time' : 'concurrent';
  const server =
    options.transport === 'http'
      ? new FibHttpServer(strategy, options, admission)
      : new FibServer(strategy, options, admission);
  const address = await server.listen();
  const stopped = onShutdownSignals(() => server.shutdown());
  announce(
    formatReadiness({
      host: address.address,
      port: address.port,
      variant: spec.name,
      pid: process.pid,
      // The TCP line stays as it always was; an HTTP server says so, a clamped limit too.
      extra: {
        ...(options.transport === 'http' ? { transport: 'http' } : {}),
        ...strategy.details,
        ...clampFacts(server.connectionLimit.clamp),
      },
    }),
  );
  await stopped;
  return 0;
}
