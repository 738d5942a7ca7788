import { fileURLToPath } from 'node:url';
import type { Runtime } from '../../ts/runtimes/registry.js';
import { type ChildServer, startChildServer, stopChildServer } from '../../ts/server/child-server.js';

/** The compiled CLI: servers under test run exactly what users run. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** A server process under test. */
export interface TestServer {
  port: number;
  ports: number[];
  pid: number;
  server: ChildServer;
  /** SIGTERM, bounded wait, SIGKILL fallback; resolves with the exit code. */
  stop(): Promise<number | string>;
}

/**
 * Starts `fiblab serve --variant <variant> --port 0 ...args` and waits for its readiness line;
 * on the system Node unless `options.runtime` names another runtime (which must be installed).
 */
export async function startServer(
  variant: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  options: { runtime?: Runtime } = {},
): Promise<TestServer> {
  const { runtime } = options;
  const command = runtime === undefined ? process.execPath : runtime.binary();
  if (command === undefined) throw new Error(`runtime ${runtime?.name} is not installed`);
  const server = await startChildServer(
    command,
    [...(runtime?.scriptArgs() ?? []), CLI, 'serve', '--variant', variant, '--port', '0', ...args],
    {
      env: { ...process.env, ...runtime?.env, ...env },
      // A runtime's first start may compile and cache (Deno, Bun): allow it more time.
      timeoutMs: runtime === undefined ? 20_000 : 40_000,
      // Piped (and echoed): a server that fails to start on a runtime says why in the error.
      stderr: runtime === undefined ? 'inherit' : 'pipe',
    },
  );
  return {
    port: server.readiness.port,
    ports: server.readiness.ports,
    pid: server.child.pid as number,
    server,
    stop: () => stopChildServer(server, 10_000),
  };
}

export { descendants, isAlive } from '../../ts/compare/process-tree.js';
