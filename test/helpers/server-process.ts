import { fileURLToPath } from 'node:url';
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

/** Starts `fiblab serve --variant <variant> --port 0 ...args` and waits for its readiness line. */
export async function startServer(
  variant: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<TestServer> {
  const server = await startChildServer(
    process.execPath,
    [CLI, 'serve', '--variant', variant, '--port', '0', ...args],
    {
      env: { ...process.env, ...env },
      timeoutMs: 20_000,
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
