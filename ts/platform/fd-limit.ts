/**
 * This process's file-descriptor limit and its open descriptors, on every OS: /proc on Linux,
 * `ulimit -n` and /dev/fd on other POSIX systems (and on Linux under FIBLAB_PLATFORM=portable),
 * none on Windows, where sockets are kernel handles with no per-process cap (only memory bounds
 * them): there no connection limit is lowered.
 *
 * Why not getrlimit in the native addon: the addon is a prebuilt binary that is missing exactly
 * where this matters most (a platform without a published build), and the serve command must
 * not need it; a shell's `ulimit -n` inherits this process's limit and needs nothing.
 */
import { posixFdLimit, posixOpenFds } from './fd-limit-posix.js';
import { procFdLimit, procOpenFds } from './proc-linux.js';
import { type PlatformPaths, platformPaths } from './switch.js';

/** The soft limit on open files, or undefined when unknown, unlimited or absent (Windows). */
export function fdLimit(paths: PlatformPaths = platformPaths()): number | undefined {
  if (paths.windows) return undefined;
  return paths.proc ? procFdLimit() : posixFdLimit();
}

/** Descriptors open now, or undefined when unknown. */
export function openFds(paths: PlatformPaths = platformPaths()): number | undefined {
  if (paths.windows) return undefined;
  return paths.proc ? procOpenFds() : posixOpenFds();
}
