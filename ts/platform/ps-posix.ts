/**
 * The process table from POSIX `ps` (macOS, the BSDs, and Linux under FIBLAB_PLATFORM=portable):
 * every process's PID, parent, resident memory and cumulative CPU time in one call.
 */
import { execFile, execFileSync } from 'node:child_process';
import { type ProcessTable, parsePsTable } from './process-table.js';

/** `-o` with `=` after each name: no header. Every POSIX `ps` knows these four. */
const PS_ARGS = ['-A', '-o', 'pid=,ppid=,rss=,time='];

/** A bound on one `ps` call: it reads every process of the machine. */
const PS_TIMEOUT_MS = 5000;

/** The process table now, or undefined when `ps` cannot be run. */
export function psTable(): Promise<ProcessTable | undefined> {
  return new Promise((resolve) => {
    execFile('ps', PS_ARGS, { timeout: PS_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      resolve(error === null ? parsePsTable(stdout) : undefined),
    );
  });
}

/** The same, blocking (for a signal handler, or a caller that cannot wait). */
export function psTableSync(): ProcessTable | undefined {
  try {
    return parsePsTable(
      execFileSync('ps', PS_ARGS, {
        encoding: 'utf8',
        timeout: PS_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
  } catch {
    return undefined;
  }
}
