/**
 * Which implementation of a platform-dependent piece runs here. Linux has /proc (the most
 * precise readings) and process groups; macOS and the BSDs have process groups but no /proc;
 * Windows has neither. `FIBLAB_PLATFORM=portable` makes Linux behave as a platform with neither,
 * so the code macOS and Windows run is exercised (and tested) here, with `ps` as its process table.
 */

/** The environment switch: `portable` forces the portable paths; unset (or empty) lets the OS decide. */
export const PLATFORM_ENV = 'FIBLAB_PLATFORM';

/** What this process may use: Linux's /proc, POSIX process groups, or neither. */
export interface PlatformPaths {
  /** /proc is read (Linux, not forced portable). */
  proc: boolean;
  /** Process groups, negative PIDs and `/bin/sh` are used (POSIX, not forced portable). */
  processGroups: boolean;
  /** Windows: the process table comes from PowerShell, not `ps`. */
  windows: boolean;
  /** FIBLAB_PLATFORM=portable was given. */
  forced: boolean;
}

let warned = false;

/** The paths this process takes, from its OS and {@link PLATFORM_ENV}. An unknown value is ignored with one warning. */
export function platformPaths(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): PlatformPaths {
  const value = env[PLATFORM_ENV] ?? '';
  if (value !== '' && value !== 'portable' && !warned) {
    warned = true;
    process.stderr.write(`fiblab: warning: ${PLATFORM_ENV}=${value} ignored: the one value is 'portable'\n`);
  }
  const forced = value === 'portable';
  const windows = platform === 'win32';
  return {
    proc: platform === 'linux' && !forced,
    processGroups: !windows && !forced,
    windows,
    forced,
  };
}
