/**
 * Where compare's servers run: on this machine (optionally pinned to --server-cpus, with the
 * load generator pinned to --load-cpus), or on another machine over OpenSSH (--server-host),
 * the usual setup of serious server benchmarks.
 */
import { join } from 'node:path';
import { type AffinityPlan, pinProcess, planAffinity, withAffinity } from '../../launch/affinity.js';
import { endingWithParent } from '../../launch/parent-death.js';
import { RemoteHost } from '../../launch/remote.js';
import { checkRemoteCheckout } from '../../launch/remote-checkout.js';
import { serveCommand, startServer } from '../../launch/serve-command.js';
import { shellQuote } from '../../launch/ssh-target.js';
import { PROJECT_ROOT, SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import { DEFAULT_SERVER_OPTIONS, serveFlags } from '../../server/options.js';
import { parseReadiness } from '../../server/readiness.js';
import type { Launcher } from './fleet.js';
import { startUserServer } from './user-server-start.js';

/** A launcher, and what must be undone when the run ends. */
export interface Launch {
  launcher: Launcher;
  /** Said in the environment header. */
  where: string;
  close(): Promise<void>;
}

/** Servers on this machine; with a plan, pinned (and the load generator pinned to the other CPUs). */
export async function localLaunch(affinity?: AffinityPlan): Promise<Launch> {
  if (affinity !== undefined) await pinProcess(process.pid, affinity.load);
  return {
    where:
      affinity === undefined
        ? 'this machine'
        : `this machine, servers on CPU ${affinity.server.join(',')}, load generator on CPU ${affinity.load.join(',')}`,
    launcher: {
      async start(session, options) {
        if (session.variant.kind === 'user') return startUserServer(session.variant);
        const launch = await serveCommand(session.variant, session.runtime, options);
        const pinned =
          affinity === undefined
            ? launch
            : { ...launch, ...withAffinity(affinity.server, launch.command, launch.args) };
        // A compare that is killed (even by SIGKILL) takes its servers with it.
        const ending = endingWithParent(pinned.command, pinned.args);
        const server = await startServer(
          { ...pinned, command: ending.command, args: ending.args },
          { onSpawn: ending.spawned },
        );
        return {
          host: server.readiness.host,
          ports: server.readiness.ports,
          pid: server.pid,
          stop: () => server.stop(),
        };
      },
    },
    close: async () => {},
  };
}

/** The address of an ssh destination (`user@host`, `ssh://user@host:port` → `host`): where the load goes. */
export function addressOf(destination: string): string {
  const bare = destination
    .replace(/^ssh:\/\//, '')
    .replace(/^[^@]*@/, '')
    .replace(/\/$/, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(bare);
  return bracketed ? (bracketed[1] as string) : bare.replace(/:\d+$/, '');
}

/**
 * Servers on `destination`, in the fiblab checkout `dir` there (the same commit as here, checked):
 * each started as `fiblab serve` over one ssh connection, bound to the address the load generator
 * uses, its CPU and memory read through the same connection, stopped by PID.
 */
export async function remoteLaunch(
  destination: string,
  dir = PROJECT_ROOT,
  sshOptions: readonly string[] = [],
): Promise<Launch> {
  const host = await RemoteHost.connect({ destination, options: sshOptions });
  try {
    await checkRemoteCheckout(host, dir, PROJECT_ROOT);
  } catch (error) {
    await host.close();
    throw error;
  }
  const address = addressOf(destination);
  return {
    where: `${destination}:${dir} (servers there, load generator here)`,
    launcher: {
      async start(session, options) {
        if (session.variant.kind === 'user') throw new Error('a --server command runs on this machine only');
        if (session.runtime.name !== SYSTEM_RUNTIME)
          throw new Error('only the system Node runs servers on --server-host');
        const flags = serveFlags({ ...DEFAULT_SERVER_OPTIONS, ...options, host: address });
        // One simple command (it is exec'd, so its PID is the server's): the CLI finds the rest itself.
        const command = `node ${shellQuote(join(dir, 'dist/cli.js'))} serve --variant ${shellQuote(session.variant.name)} --port 0 ${flags.map(shellQuote).join(' ')}`;
        const proc = await host.start(command);
        const deadline = Date.now() + 60_000;
        for (;;) {
          const line = await proc.nextLine(Math.max(1, deadline - Date.now())).catch(() => undefined);
          if (line === undefined) {
            await host.stop(proc.pid).catch(() => undefined);
            throw new Error(
              `${session.variant.name} on ${destination} did not get ready: ${proc.stderrTail().trim().split('\n').slice(-2).join(' / ')}`,
            );
          }
          const readiness = parseReadiness(line);
          if (readiness === undefined) continue;
          // The first reading starts the remote helper (an ssh channel, ~0.5 s): not inside a slice.
          await host.usage(proc.pid);
          return {
            host: address,
            ports: readiness.ports,
            pid: undefined,
            remoteUsage: async () => {
              const usage = await host.usage(proc.pid);
              return usage === undefined ? undefined : { cpuMs: usage.cpuMs, peakRssMiB: usage.peakRssMiB };
            },
            stop: () => host.stop(proc.pid),
          };
        }
      },
    },
    close: () => host.close(),
  };
}

/** The plan for --server-cpus/--load-cpus (throws ERR_AFFINITY_* with the reason it cannot be). */
export { planAffinity };
