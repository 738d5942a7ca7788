/**
 * A process tree, found and stopped the same way on every OS: its PIDs from /proc (Linux) or the
 * portable process table (`ps`, PowerShell), and a stop that signals each process of it by its
 * own PID, with no process group and no negative PID (which Windows lacks), where Node's
 * `process.kill` is TerminateProcess. Used where a tree must end: `--server` commands started
 * without a process group, and whatever a launcher still has under it when it is stopped.
 */

import { windowsTableSync } from './powershell-windows.js';
import { procDescendants, procIsAlive } from './proc-linux.js';
import { descendantsIn } from './process-table.js';
import { psTableSync } from './ps-posix.js';
import { type PlatformPaths, platformPaths } from './switch.js';

/** PIDs of every descendant of `pid`, parents before children; empty when none (or unknown). */
export function descendants(pid: number, paths: PlatformPaths = platformPaths()): number[] {
  if (paths.proc) return procDescendants(pid);
  const table = paths.windows ? windowsTableSync() : psTableSync();
  return table === undefined ? [] : descendantsIn(table.rows, pid);
}

/** True while a process with this PID exists (and, with /proc, is not a zombie). */
export function isAlive(pid: number, paths: PlatformPaths = platformPaths()): boolean {
  if (paths.proc) return procIsAlive(pid);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // there, but not ours to signal
  }
}

/** Sends `signal` to each PID; those already gone are skipped. */
export function signalEach(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Stops each of `pids`: SIGTERM to each, up to `graceMs` (polled) for all of them to end, then
 * SIGKILL to whichever is left. For a list that has no one root to wait on (see {@link stopTree}).
 */
export async function stopEach(pids: readonly number[], graceMs: number): Promise<void> {
  if (pids.length === 0) return;
  const alive = () => pids.filter((pid) => isAlive(pid));
  signalEach(pids, 'SIGTERM');
  for (const deadline = Date.now() + graceMs; Date.now() < deadline && alive().length > 0; )
    await new Promise((resolve) => setTimeout(resolve, STOP_POLL_MS));
  signalEach(alive(), 'SIGKILL');
}

/** How often {@link stopEach} looks whether its processes have ended. */
const STOP_POLL_MS = 50;

/**
 * Stops the tree under `pid`, `pid` included: SIGTERM to each process of it (a process group's
 * signal, sent one by one), up to `graceMs` for `exited` (the root's exit), then SIGKILL to every
 * process of the tree as it was at the start or is now. Children that left the tree before the
 * stop (daemonised) are not found: the one thing a process group would still reach.
 */
export async function stopTree(
  pid: number,
  exited: Promise<unknown>,
  graceMs: number,
  paths: PlatformPaths = platformPaths(),
): Promise<void> {
  const before = [pid, ...descendants(pid, paths)];
  signalEach(before, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  const now = isAlive(pid, paths) ? [pid, ...descendants(pid, paths)] : [];
  signalEach(
    [...new Set([...before, ...now])].filter((p) => isAlive(p, paths)),
    'SIGKILL',
  );
}
