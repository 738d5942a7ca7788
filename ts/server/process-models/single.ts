import { clampFacts } from '../fd-limit.js';
import type { ServerOptions } from '../options.js';
import { formatReadiness } from '../readiness.js';
import { onShutdownSignals } from '../signals.js';
import type { ServerSpec } from '../spec.js';
import { strategyServer } from './strategy-server.js';

/**
 * Runs one server process (models `single` and `sequential`): listens, prints the readiness
 * line, serves until SIGINT/SIGTERM, shuts down gracefully. Resolves with the exit code.
 */
export async function runSingleProcess(
  spec: ServerSpec,
  options: ServerOptions,
  announce: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const admission = spec.processModel === 'sequential' ? 'one-at-a-time' : 'concurrent';
  const { strategy, server } = await strategyServer(spec, options, admission);
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
