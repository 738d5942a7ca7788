/** Signals to a test server and what came of them: exit status and the processes left behind. */
import { descendants, isAlive, type TestServer } from './server-process.js';
import { waitUntil } from './wait-until.js';

/** Sends `signal` to the server's main process (nothing else: no SIGKILL fallback). */
export function signal(server: TestServer, name: NodeJS.Signals = 'SIGTERM'): void {
  server.server.child.kill(name);
}

/** The server's exit status, or 'still running' if it has not exited within `withinMs`. */
export async function exitWithin(server: TestServer, withinMs: number): Promise<number | string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`still running after ${withinMs} ms`), withinMs);
  });
  return Promise.race([server.server.exited, late]).finally(() => clearTimeout(timer));
}

/** The server's main process and every process under it, as of now. */
export const family = (server: TestServer): number[] => [server.pid, ...descendants(server.pid)];

/** PIDs of `pids` still alive after up to `withinMs` (a helper may outlive its parent by a moment). */
export async function survivors(pids: readonly number[], withinMs = 5000): Promise<number[]> {
  await waitUntil(() => !pids.some(isAlive), withinMs, 50);
  return pids.filter(isAlive);
}

/** Test cleanup: SIGKILL whatever of `pids` is still alive (a failed test may leave an orphan). */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
