/**
 * The one place a server's command line is made: compare, the tests and `many` all start servers
 * through {@link serveCommand} and {@link startServer}. A TypeScript server is `fiblab serve` on a
 * runtime with its spec and parsed options handed over (server/handoff.ts); a peer is its own
 * program with the flags the option table gives it.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT, type Runtime } from '../runtimes/registry.js';
import { handoffEnv } from '../server/handoff.js';
import { DEFAULT_SERVER_OPTIONS, type ServerOptions } from '../server/options.js';
import type { ServerSpec } from '../server/spec.js';
import { peerCommand } from '../variants/peers.js';
import type { Variant } from '../variants/registry.js';
import { type ChildServer, startChildServer, stopChildServer } from './child-server.js';

/** The compiled CLI every runtime runs: servers are always dist/, even when this module runs from ts/ (tests). */
export const CLI_PATH = join(PROJECT_ROOT, 'dist', 'cli.js');

/** A process to start: executable, arguments, environment added to the parent's. */
export interface LaunchCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** Where a TypeScript server runs: a runtime from the registry, or `self` (this very process's runtime and flags). */
export type LaunchRuntime = Runtime | 'self';

/**
 * The one place a preset's options are merged: the defaults, under the variant's preset (the
 * answer's --inline-below auto), under what the caller sets (flags, compare's choices).
 */
export function variantOptions(
  server: Variant | ServerSpec,
  options: Partial<ServerOptions> = {},
): ServerOptions {
  const preset = 'kind' in server && server.kind === 'ts' ? server.preset : undefined;
  return { ...DEFAULT_SERVER_OPTIONS, ...preset, ...options };
}

/** The command that starts `server` on `runtime` with `options` (defaults for the rest). */
export async function serveCommand(
  server: Variant | ServerSpec,
  runtime: LaunchRuntime,
  options: Partial<ServerOptions> = {},
): Promise<LaunchCommand> {
  const resolved = variantOptions(server, options);
  if ('kind' in server && server.kind === 'peer')
    return { ...(await peerCommand(server, resolved)), env: {} };
  const spec = server as ServerSpec;
  if (runtime === 'self') {
    return {
      command: process.execPath,
      args: [...process.execArgv, CLI_PATH, 'serve'],
      env: handoffEnv(spec, resolved),
    };
  }
  const binary = runtime.binary();
  if (binary === undefined) throw new Error(`runtime ${runtime.name} is not installed`);
  return {
    command: binary,
    args: [...runtime.launchArgs(CLI_PATH), 'serve'],
    env: { ...runtime.env, ...handoffEnv(spec, resolved) },
  };
}

/** A started server, ready (its readiness line was read). */
export interface RunningServer extends ChildServer {
  pid: number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code or signal. */
  stop(graceMs?: number): Promise<number | string>;
}

/** Starts `launch` and waits for its readiness line (bounded); stderr piped and echoed so a failure says why. */
export async function startServer(
  launch: LaunchCommand,
  options: {
    timeoutMs?: number;
    env?: NodeJS.ProcessEnv;
    stderr?: 'inherit' | 'pipe';
    onSpawn?: (child: ChildProcess) => void;
  } = {},
): Promise<RunningServer> {
  const child = await startChildServer(launch.command, launch.args, {
    env: { ...process.env, ...options.env, ...launch.env },
    timeoutMs: options.timeoutMs ?? 60_000,
    stderr: options.stderr ?? 'pipe',
    onSpawn: options.onSpawn,
  });
  return {
    ...child,
    pid: child.child.pid as number,
    stop: (graceMs = 10_000) => stopChildServer(child, graceMs),
  };
}
