/**
 * A user's command line (compare's `--server`), started and stopped on any OS: POSIX process
 * groups where there are some (shell-command-posix.ts), else the platform's shell (`shell: true`:
 * /bin/sh, or cmd.exe on Windows) and a stop of the process tree by each PID (tree.ts). Linux
 * takes the second path under FIBLAB_PLATFORM=portable, so it is tested here.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { spawnInGroup, stopGroup } from './shell-command-posix.js';
import { type PlatformPaths, platformPaths } from './switch.js';
import { stopTree } from './tree.js';

/** A command running under a shell, and how to stop it with all it started. */
export interface ShellCommand {
  child: ChildProcess;
  /** How it is stopped, for messages: `process group` or `process tree`. */
  stopsBy: 'process group' | 'process tree';
  /** SIGTERM to all of it, up to `graceMs` for `exited`, then SIGKILL; resolves once the signals are sent. */
  stop(exited: Promise<unknown>, graceMs: number): Promise<void>;
}

/** Starts `command` with stdout and stderr piped. */
export function startShellCommand(command: string, paths: PlatformPaths = platformPaths()): ShellCommand {
  if (paths.processGroups) {
    const child = spawnInGroup(command);
    return {
      child,
      stopsBy: 'process group',
      stop: (exited, graceMs) =>
        child.pid === undefined ? Promise.resolve() : stopGroup(child.pid, exited, graceMs),
    };
  }
  const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  return {
    child,
    stopsBy: 'process tree',
    stop: (exited, graceMs) =>
      child.pid === undefined ? Promise.resolve() : stopTree(child.pid, exited, graceMs, paths),
  };
}
