/**
 * A child process that ends with this one, however this one ends (a SIGKILL included): on Linux
 * through the kernel's parent-death signal (parent-death-linux.ts). Elsewhere, and under
 * FIBLAB_PLATFORM=portable, the command is started as it is: no portable way exists, and such a
 * child outlives a SIGKILLed parent (a child that reads its stdin can watch for its end instead).
 */
import { platformPaths } from '../platform/switch.js';
import * as linux from './parent-death-linux.js';

/** `command args` to spawn so that the child ends with this process where the OS allows it. */
export function endingWithParent(
  command: string,
  args: readonly string[],
): { command: string; args: string[] } {
  if (process.platform !== 'linux' || platformPaths().forced) return { command, args: [...args] };
  return linux.endingWithParent(command, args);
}
