/**
 * The servers of a run, all started before the first slice and kept running (idle between their
 * slices) until the last: slices of different servers can then alternate within seconds, on
 * servers that are already warm.
 */
import { isLoadError, LoadErrorCodes } from '../../load/errors.js';
import { runLoad } from '../../load/run.js';
import type { LoadOptions } from '../../load/types.js';
import type { ServerOptions } from '../../server/options.js';
import type { Timing } from '../types.js';
import type { Session } from './plan.js';
import type { SliceTarget } from './slice.js';

/** A started server of the run. */
export interface FleetServer {
  session: Session;
  target: SliceTarget;
  stop(): Promise<unknown>;
}

/** How a server is launched: launchers.ts has this machine's (optionally pinned) and a remote host's. */
export interface Launcher {
  start(
    session: Session,
    options: Partial<ServerOptions>,
  ): Promise<{
    host: string;
    ports: number[];
    pid: number | undefined;
    remoteUsage?: SliceTarget['remoteUsage'];
    stop(): Promise<unknown>;
  }>;
}

/** The load that warms a server: this machine's generator, or compare's load hosts (at least a client on each). */
export interface WarmLoad {
  run(options: LoadOptions): Promise<unknown>;
  clients: number;
}

const FROM_HERE: WarmLoad = { run: runLoad, clients: 2 };

/**
 * Warms a fresh server: JIT, pools and caches see both tiny and CPU-bound requests before any slice.
 * A load host that fails meanwhile cuts the warm-up short (returned, to be said) but does not fail
 * the server: it is the host's fault, and each slice has a warm-up of its own.
 */
async function warm(target: SliceTarget, seconds: number, load: WarmLoad): Promise<Error | undefined> {
  if (seconds <= 0) return undefined;
  for (const n of [1, 22]) {
    try {
      await load.run({
        groups: [{ n, clients: load.clients }],
        transport: target.transport,
        ...(target.framing === 'read' ? { framing: 'read' as const } : {}),
        host: target.host,
        ports: target.ports,
        warmupS: 0,
        durationS: seconds / 2,
        graceS: 1,
      });
    } catch (error) {
      if (isLoadError(error, LoadErrorCodes.HOST)) return error;
      throw error;
    }
  }
  return undefined;
}

/**
 * Starts every session's server, one after the other (a start is CPU-bound: in parallel they
 * would slow each other), warms each with `load` (compare's load hosts when it has them: the
 * same path as its slices), and returns the ones that started; `failed` hears of the others.
 */
export async function startFleet(
  sessions: readonly Session[],
  timing: Timing,
  launcher: Launcher,
  hooks: {
    started(server: FleetServer, index: number): void;
    failed(session: Session, error: Error): void;
    /** Its warm-up was cut short by a load host that failed. */
    warmCut?(session: Session, error: Error): void;
  },
  load: WarmLoad = FROM_HERE,
): Promise<FleetServer[]> {
  const fleet: FleetServer[] = [];
  for (const [index, session] of sessions.entries()) {
    try {
      const started = await launcher.start(session, { port: 0, transport: session.transport });
      const target: SliceTarget = {
        variant: session.variant.name,
        runtime: session.runtime.name,
        transport: session.transport,
        ...(session.variant.kind === 'user' && session.variant.framing === 'read'
          ? { framing: 'read' as const }
          : {}),
        host: started.host,
        ports: started.ports,
        pid: started.pid,
        remoteUsage: started.remoteUsage,
      };
      const server = { session, target, stop: started.stop };
      fleet.push(server);
      try {
        const cut = await warm(target, timing.startWarmupS, load);
        if (cut !== undefined) hooks.warmCut?.(session, cut);
      } catch (error) {
        fleet.pop();
        await started.stop();
        throw error;
      }
      hooks.started(server, index);
    } catch (error) {
      hooks.failed(session, error as Error);
    }
  }
  return fleet;
}

/** Stops every server of the fleet (SIGTERM, bounded wait, SIGKILL), all at once. */
export async function stopFleet(fleet: readonly FleetServer[]): Promise<void> {
  await Promise.all(fleet.map((server) => server.stop().catch(() => {})));
}
