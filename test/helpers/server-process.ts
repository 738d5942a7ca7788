import { fileURLToPath } from 'node:url';
import { parseFlags } from '../../ts/cli/command.js';
import { SERVE_COMMAND } from '../../ts/commands/serve.js';
import {
  startServer as launch,
  type RunningServer,
  serveCommand,
  variantOptions,
} from '../../ts/launch/serve-command.js';
import type { Runtime } from '../../ts/runtimes/registry.js';
import { findRuntime } from '../../ts/runtimes/registry.js';
import { serverOptionsFromFlags } from '../../ts/server/options.js';
import { findVariant } from '../../ts/variants/registry.js';

/** The compiled CLI: servers under test run exactly what users run. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** A server process under test. */
export interface TestServer {
  port: number;
  ports: number[];
  pid: number;
  server: RunningServer;
  /** SIGTERM, bounded wait, SIGKILL fallback; resolves with the exit code. */
  stop(): Promise<number | string>;
}

/**
 * Starts `variant` on a free port with the options `args` spell as `fiblab serve` flags (parsed
 * by the same option table), through the one launch path compare uses; waits for its readiness
 * line. On the system Node unless `options.runtime` names another runtime (which must be installed).
 */
export async function startServer(
  variant: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  options: { runtime?: Runtime } = {},
): Promise<TestServer> {
  const found = findVariant(variant);
  if (found === undefined) throw new Error(`unknown variant ${variant}`);
  const { values } = parseFlags(SERVE_COMMAND, args);
  const serverOptions = {
    ...serverOptionsFromFlags(values as Record<string, string | undefined>, variantOptions(found)),
    port: 0,
  };
  const runtime = options.runtime ?? (findRuntime('node') as Runtime);
  const server = await launch(await serveCommand(found, runtime, serverOptions), {
    env,
    // A runtime's first start may compile and cache (Deno, Bun): allow it more time.
    timeoutMs: options.runtime === undefined ? 20_000 : 40_000,
    // Piped (and echoed): a server that fails to start says why in the error.
    stderr: options.runtime === undefined ? 'inherit' : 'pipe',
  });
  return {
    port: server.readiness.port,
    ports: server.readiness.ports,
    pid: server.pid,
    server,
    stop: () => server.stop(10_000),
  };
}

export { descendants, isAlive } from '../../ts/launch/process-tree.js';
