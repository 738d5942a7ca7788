import { fileURLToPath } from 'node:url';
import { type ChildServer, startChildServer, stopChildServer } from '../child-server.js';
import type { ServerOptions } from '../options.js';
import { formatReadiness } from '../readiness.js';
import { onShutdownSignals } from '../signals.js';
import { type TsVariant, VARIANTS } from '../variants.js';

const CLI = fileURLToPath(new URL('../../cli.js', import.meta.url));

/**
 * The seed's many_server: `instances` independent single-process servers on ports
 * port..port+instances-1 (each its own free port with --port 0); clients split between them.
 * This launcher only starts them, prints one readiness line with every port, and stops them.
 */
export async function runMany(
  variant: TsVariant,
  options: ServerOptions,
  serverArgs: readonly string[],
): Promise<number> {
  // Each instance is the single-process variant with the same compute strategy.
  const single = VARIANTS.find(
    (v) => v.kind === 'ts' && v.strategy === variant.strategy && v.processModel === 'single',
  );
  if (single === undefined) throw new Error(`no single-process variant computes with '${variant.strategy}'`);
  const instances: ChildServer[] = [];
  const stopAll = () =>
    Promise.all(instances.map((instance) => stopChildServer(instance, options.shutdownTimeoutMs + 1000)));
  try {
    for (let i = 0; i < options.instances; i++) {
      const port = options.port === 0 ? 0 : options.port + i;
      const args = [
        ...process.execArgv,
        CLI,
        'serve',
        ...serverArgs,
        '--variant',
        single.name,
        '--port',
        String(port),
      ];
      instances.push(await startChildServer(process.execPath, args, { timeoutMs: 15_000 }));
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const stopped = onShutdownSignals(async () => {
    await stopAll();
  });
  const ports = instances.map((instance) => instance.readiness.port);
  process.stdout.write(
    `${formatReadiness({
      host: options.host,
      port: ports[0] as number,
      ports,
      variant: variant.name,
      pid: process.pid,
      extra: { instances: options.instances },
    })}\n`,
  );
  await stopped;
  return 0;
}
