/**
 * A child process that ends with this one, however this one ends (a SIGKILL included). On Linux
 * through the kernel's parent-death signal (parent-death-linux.ts: the most robust, nothing of
 * ours has to run); elsewhere, and under FIBLAB_PLATFORM=portable, through this run's watchdog
 * process (parent-death-watchdog.ts), which stops the child's tree once this process's pipe to
 * it ends. The one module the rest of fiblab imports for it.
 *
 * A user's `--server` command runs under a shell: the kernel's signal would reach only the shell,
 * not the server it started, so such a tree is watched by the watchdog on every platform.
 */
import type { ChildProcess } from 'node:child_process';
import { platformPaths } from '../platform/switch.js';
import * as linux from './parent-death-linux.js';
import { watchChild } from './parent-death-watchdog.js';

/** What to spawn, and what to call with the child once spawned. */
export interface EndingWithParent {
  command: string;
  args: string[];
  /** Registers the spawned child with the watchdog on the portable path; nothing on Linux. */
  spawned(child: ChildProcess): void;
}

/** `command args` to spawn so that the child ends with this process, and the call to make once it is spawned. */
export function endingWithParent(command: string, args: readonly string[]): EndingWithParent {
  // Linux without util-linux's setpriv (a minimal image) takes the watchdog too.
  const setpriv = process.platform === 'linux' && !platformPaths().forced ? linux.findSetpriv() : undefined;
  if (setpriv === undefined) return { command, args: [...args], spawned: watchChild };
  return { ...linux.endingWithParent(command, args, setpriv), spawned: () => {} };
}

/**
 * Registers a spawned shell (a user's `--server` command) with this run's watchdog on every
 * platform: if this process ends first, even by SIGKILL, the watchdog stops the shell's whole tree.
 */
export function endingTreeWithParent(child: ChildProcess): void {
  watchChild(child);
}
