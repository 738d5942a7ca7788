import { inheritedOptions, type ServerOptions } from '../options.js';
import { formatReadiness } from '../readiness.js';
import { onShutdownSignals } from '../signals.js';
import type { ServerSpec } from '../spec.js';

/** A running instance of `many`, as its launcher sees it. */
export interface Instance {
  ports: number[];
  /** Graceful stop with a bounded wait. */
  stop(): Promise<unknown>;
  /** Ends it at once (a second signal to the launcher). */
  kill(): void;
}

/**
 * Starts one single-process server with `spec` and `options`; resolves once it is ready. The
 * instance is a managed child (signals.ts): it ignores the group's Ctrl-C and waits for `stop`.
 */
export type StartInstance = (spec: ServerSpec, options: ServerOptions) => Promise<Instance>;

/**
 * The seed's many_server: `instances` independent single-process servers on ports
 * port..port+instances-1 (each its own free port with --port 0); clients split between them.
 * This launcher only starts them (through `start`, which the serve command provides: the server
 * core does not know how processes are launched), prints one readiness line with every port,
 * and stops them.
 */
export async function runMany(
  spec: ServerSpec,
  options: ServerOptions,
  start: StartInstance,
): Promise<number> {
  const single: ServerSpec = { ...spec, processModel: 'single' };
  const instances: Instance[] = [];
  const stopAll = () => Promise.all(instances.map((instance) => instance.stop()));
  try {
    for (let i = 0; i < options.instances; i++) {
      const port = options.port === 0 ? 0 : options.port + i;
      instances.push(await start(single, inheritedOptions(options, { port })));
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const stopped = onShutdownSignals(
    // Each instance reports its own shutdown on stderr (they are independent servers).
    async () => {
      await stopAll();
      return undefined;
    },
    () => {
      for (const instance of instances) instance.kill();
    },
  );
  const ports = instances.flatMap((instance) => instance.ports);
  process.stdout.write(
    `${formatReadiness({
      host: options.host,
      port: ports[0] as number,
      ports,
      variant: spec.name,
      pid: process.pid,
      extra: { instances: options.instances },
    })}\n`,
  );
  await stopped;
  return 0;
}
