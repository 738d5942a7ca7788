/**
 * A user's command line run the POSIX way: `/bin/sh -c COMMAND` as the leader of a new process
 * group, stopped by signalling the whole group (a negative PID) — which also reaches what the
 * command started and left behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** Starts `command` under /bin/sh in its own process group, stdout and stderr piped. */
export function spawnInGroup(command: string): ChildProcess {
  return spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** SIGTERM to the group, up to `graceMs` for `exited`, then SIGKILL to the group (leftovers too). */
export async function stopGroup(pid: number, exited: Promise<unknown>, graceMs: number): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // the group is empty
    }
  };
  signal('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  signal('SIGKILL');
}
