import { readdirSync, readFileSync } from 'node:fs';
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

/** PIDs of every descendant process of `pid` (Linux /proc), children first. */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  const visit = (parent: number) => {
    let children: number[] = [];
    try {
      // Each thread has its own list: worker threads may fork too.
      for (const task of readdirSync(`/proc/${parent}/task`)) {
        const list = readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8').trim();
        if (list !== '') children = children.concat(list.split(/\s+/).map(Number));
      }
    } catch {
      return; // the process is gone
    }
    for (const child of children) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** True while a process with this PID exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) Z /.test(stat);
  } catch {
    return false;
  }
}
