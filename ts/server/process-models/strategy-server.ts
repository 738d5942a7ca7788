import { type ComputeStrategy, createStrategy } from '../../compute/index.js';
import { applyInlineBelow } from '../../compute/inline-below.js';
import { FibHttpServer } from '../http-server.js';
import type { ServerOptions } from '../options.js';
import type { ServerSpec } from '../spec.js';
import { type Admission, FibServer } from '../tcp-server.js';

/** A server process's compute strategy and the transport's server that uses it. */
export interface StrategyServer {
  strategy: ComputeStrategy;
  server: FibServer | FibHttpServer;
}

/**
 * The setup every serving process does, one process or each cluster worker: the variant's
 * strategy (with --inline-below applied, calibrated here for `auto`: the hop it measures is this
 * process's own), and the TCP or HTTP server around it. Not listening yet.
 */
export async function strategyServer(
  spec: ServerSpec,
  options: ServerOptions,
  admission: Admission,
): Promise<StrategyServer> {
  const strategy = await applyInlineBelow(
    createStrategy(spec.strategy, { workers: options.workers, maxPendingPerConnection: options.maxPending }),
    options.inlineBelow,
    options.maxN,
  );
  const server =
    options.transport === 'http'
      ? new FibHttpServer(strategy, options, admission)
      : new FibServer(strategy, options, admission);
  return { strategy, server };
}
