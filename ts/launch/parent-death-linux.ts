/**
 * Linux: a child process that ends with this one. `setpriv --pdeathsig TERM` (util-linux) sets
 * the kernel's parent-death signal (prctl PR_SET_PDEATHSIG) and execs the command, so the PID and
 * arguments stay the command's own; the kernel sends it SIGTERM when the thread that started it
 * (Node's main thread: this process) ends, by a SIGKILL too, when no code of this one can run.
 * parent-death.ts is what the rest of fiblab imports.
 */
import { findExecutable } from '../platform/find-executable.js';

/** setpriv's path on `path` (a PATH), or undefined. */
export const findSetpriv = (path = process.env.PATH ?? ''): string | undefined =>
  findExecutable('setpriv', path);

/** `command args` started through setpriv with SIGTERM as its parent-death signal; unchanged without setpriv. */
export function endingWithParent(
  command: string,
  args: readonly string[],
  setpriv: string | undefined = findSetpriv(),
): { command: string; args: string[] } {
  if (setpriv === undefined) return { command, args: [...args] };
  return { command: setpriv, args: ['--pdeathsig', 'TERM', '--', command, ...args] };
}
