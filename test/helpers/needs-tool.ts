/**
 * The one way a test skips for a missing tool that `.ci/run` installs (sshd and the ssh client,
 * Chromium, util-linux's taskset and prlimit, the pinned Node LTS, Bun and Deno). Locally the
 * test skips and says why; in CI (`CI=true`), where the tool is installed on purpose, its absence is a
 * failure with the same reason, so CI cannot pass by skipping.
 */
import { type Runtime, runtimeAvailability } from '../../ts/runtimes/registry.js';

/** What `.ci/run` installs, and how. */
export const CI_TOOLS = {
  sshd: 'openssh-server (apt-get)',
  ssh: 'openssh-client (apt-get)',
  chromium: 'chromium (apt-get)',
  taskset: 'util-linux (apt-get)',
  prlimit: 'util-linux (apt-get)',
  'node-lts': 'npm run runtimes:install',
  bun: 'npm run runtimes:install',
  deno: 'npm run runtimes:install',
} as const;

/** A tool `.ci/run` installs. */
export type CiTool = keyof typeof CI_TOOLS;

/** True in CI: the variable GitHub Actions, GitLab and most others set, and `CI=true bash .ci/run`. */
export const inCi = (): boolean => process.env.CI === 'true';

/**
 * The `skip` reason for a test that needs `tool`, given why it cannot run here (`missing`;
 * false or undefined: it can). Locally: the reason, for node:test's `skip` or `t.skip()`. In
 * CI: throws it, which fails the test (inside a test) or the file (at its top level).
 */
export function skipUnlessTool(tool: CiTool, missing: string): string;
export function skipUnlessTool(tool: CiTool, missing: string | false | undefined): string | false;
export function skipUnlessTool(tool: CiTool, missing: string | false | undefined): string | false {
  if (missing === undefined || missing === false) return false;
  const reason = `needs ${tool}: ${missing}`;
  if (inCi()) throw new Error(`CI=true and ${reason} (.ci/run installs it: ${CI_TOOLS[tool]})`);
  return reason;
}

/** {@link skipUnlessTool} for a runtime of runtimes/ (the system Node is always there). */
export function skipUnlessRuntime(runtime: Runtime): string | false {
  const availability = runtimeAvailability(runtime);
  if (availability.ok || runtime.name === 'node') return availability.ok ? false : availability.reason;
  return skipUnlessTool(runtime.name, availability.reason);
}
