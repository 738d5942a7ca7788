/**
 * The file-descriptor limit where there is no /proc (macOS, the BSDs): the soft RLIMIT_NOFILE
 * as `ulimit -n` of a shell started from this process (a child inherits its parent's limits, so
 * the shell sees exactly this process's), and the descriptors open now from /dev/fd.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

let cached: { limit: number | undefined } | undefined;

/**
 * This process's soft limit on open files, or undefined when unknown or unlimited. Read once per
 * process (a few ms for the shell): the limit does not change while a server runs.
 */
export function posixFdLimit(): number | undefined {
  if (cached === undefined) {
    let limit: number | undefined;
    try {
      const text = execFileSync('/bin/sh', ['-c', 'ulimit -n'], {
        encoding: 'utf8',
        timeout: 5000,
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
      const soft = Number(text);
      limit = Number.isSafeInteger(soft) && soft > 0 ? soft : undefined; // `unlimited` → undefined
    } catch {
      limit = undefined; // no shell, or a runtime that may not start one (Deno without --allow-run)
    }
    cached = { limit };
  }
  return cached.limit;
}

/** Descriptors open in this process now (/dev/fd, less the one that lists it); undefined when unknown. */
export function posixOpenFds(): number | undefined {
  try {
    return readdirSync('/dev/fd').length - 1;
  } catch {
    return undefined;
  }
}
