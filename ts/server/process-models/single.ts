import { createStrategy } from '../../compute/index.js';
import { inlineBelow } from '../../compute/inline-below.js';
import type { ServerOptions } from '../options.js';
import { formatReadiness } from '../readiness.js';
import { onShutdownSignals } from '../signals.js';
import { FibServer } from '../tcp-server.js';
import type { TsVariant } from '../variants.js';

/**
 * Runs one server process (models `single` and `sequential`): listens, prints the readiness
 * line, serves until SIGINT/SIGTERM, shuts down gracefully. Resolves with the exit code.
 */
export async function runSingleProcess(
  variant: TsVariant,
  options: ServerOptions,
  announce: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const strategy = inlineBelow(
    createStrategy(variant.strategy, {
      workers: options.workers,
      maxPendingPerConnection: options.maxPending,
    }),
    options.inlineBelow,
  );
  const server = new FibServer(
    strategy,
    options,
    variant.processModel === 'sequential' ? 'one-at-a-time' : 'concurrent',
  );
  const address = await server.listen();
  const stopped = onShutdownSignals(() => server.shutdown());
  announce(
    formatReadiness({
      host: address.address,
      port: address.port,
      variant: variant.name,
      pid: process.pid,
      extra: strategy.details,
    }),
  );
  await stopped;
  return 0;
}
