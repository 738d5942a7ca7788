/**
 * The servers of a run, all started before the first slice and kept running (idle between their
 * slices) until the last: slices of different servers can then alternate within seconds, on
 * servers that are already warm.
 */
import { runLoad } from '../../load/run.js';
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

/** Warms a fresh server: JIT, pools and caches see both tiny and CPU-bound requests before any slice. */
async function warm(target: SliceTarget, seconds: number): Promise<void> {
  if (seconds <= 0) return;
  for (const n of [1, 22]) {
    await runLoad({
      groups: [{ n, clients: 2 }],
      transport: target.transport,
      ...(target.framing === 'read' ? { framing: 'read' as const } : {}),
      host: target.host,
      ports: target.ports,
      warmupS: 0,
      durationS: seconds / 2,
      graceS: 1,
    });
  }
}

/**
 * Starts every session's server, one after the other (a start is CPU-bound: in parallel they
 * would slow each other), warms each, and returns the ones that started; `failed` hears of the others.
 */
export async function startFleet(
  sessions: readonly Session[],
  timing: Timing,
  launcher: Launcher,
  hooks: { started(server: FleetServer, index: number): void; failed(session: Session, error: Error): void },
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
        await warm(target, timing.startWarmupS);
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
