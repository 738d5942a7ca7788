/**
 * One slice: a short load run of one cell (scenario × client count) against a server that is
 * already started and warm, with the server tree's CPU time and the machine's noise read around
 * it. Slices of every server alternate round by round (run.ts); one {@link MeasurementRecord} each.
 */
import { runLoad } from '../../load/run.js';
import type { LoadOptions, LoadReport, Stats } from '../../load/types.js';
import { noiseBetween, ownCpuMs, takeNoiseSnapshot } from '../../noise/proc-stat.js';
import { coarseReason, cpuReadingFine, cpuReadingKept } from '../../platform/cpu-resolution.js';
import { processSampler } from '../../platform/sampler.js';
import { type Cell, SCENARIOS } from '../scenarios.js';
import type { LatencyMs, MeasurementRecord, Timing } from '../types.js';

export type { Cell } from '../scenarios.js';

/** A running server, as a slice needs it. */
export interface SliceTarget {
  variant: string;
  runtime: string;
  /** What the server and the load generator speak (the line protocol if absent). */
  transport?: 'tcp' | 'http';
  /** `read`: the load is bare digits (a --server of the talk's kind). */
  framing?: 'read';
  host: string;
  ports: number[];
  /** The server's main process on this machine (its tree's CPU and memory are read), if local. */
  pid: number | undefined;
  /** For a server elsewhere: its tree's CPU ms and peak RSS, read through the remote connection. */
  remoteUsage?: () => Promise<{ cpuMs: number; peakRssMiB: number } | undefined>;
}

/** A server started on this machine, as a slice targets it (its tree's CPU and memory read by the platform's sampler). */
export function localSliceTarget(
  server: { readiness: { host: string; ports: number[] }; pid: number },
  variant: string,
  runtime = 'node',
): SliceTarget {
  return { variant, runtime, host: server.readiness.host, ports: server.readiness.ports, pid: server.pid };
}

/** Latency in ms; an open-loop figure adds p99.9 (a closed-loop record stays as it was). */
const toMs = (stats: Stats, openLoop = false): LatencyMs | null =>
  stats.latencyUs === null
    ? null
    : {
        p50: stats.latencyUs.p50 / 1000,
        p90: stats.latencyUs.p90 / 1000,
        p99: stats.latencyUs.p99 / 1000,
        ...(openLoop ? { p99_9: stats.latencyUs.p99_9 / 1000 } : {}),
        max: stats.latencyUs.max / 1000,
      };

/** A server tree's CPU ms, peak RSS and process count at one moment (each undefined where unread). */
interface Usage {
  cpuMs?: number;
  rssMiB?: number;
  processes?: number;
}

/** The server tree's CPU ms and peak RSS now (local: the platform's sampler; remote: through its connection). */
async function serverUsage(target: SliceTarget): Promise<Usage> {
  if (target.pid !== undefined) {
    const usage = await processSampler().treeUsage(target.pid);
    return { cpuMs: usage?.cpuMs, rssMiB: usage?.peakRssMiB, processes: usage?.processes };
  }
  const remote = await target.remoteUsage?.();
  return { cpuMs: remote?.cpuMs, rssMiB: remote?.peakRssMiB };
}

/** What is read at each edge of the measured window. */
interface Edge {
  at: number;
  usage: Promise<Usage>;
  /** The machine's snapshot once the server's CPU is known (a local server's share is not "others"). */
  noise: Promise<ReturnType<typeof takeNoiseSnapshot>>;
}

/** The step of the clock that reads the server's CPU: the local sampler's, a remote host's /proc's 10 ms. */
function serverCpuStepMs(target: SliceTarget): number {
  return target.pid === undefined ? 10 : (processSampler().info().cpuResolutionMs ?? 10);
}

function readEdge(target: SliceTarget): Edge {
  const loadCpuMs = ownCpuMs();
  const usage = serverUsage(target);
  const machine = takeNoiseSnapshot({ serverCpuMs: 0, loadCpuMs });
  return {
    at: performance.now(),
    usage,
    // A remote server's CPU is not this machine's: everything busy here besides us is "others".
    noise: usage.then((u) =>
      machine === undefined
        ? undefined
        : {
            ...machine,
            serverCpuMs: target.pid === undefined ? 0 : u.cpuMs,
            serverCpuStepMs: serverCpuStepMs(target),
          },
    ),
  };
}

/**
 * Measures one slice of `cell` against `target` in round `round`. The server's CPU and the
 * machine's noise are read exactly at the edges of the load generator's measured window, so CPU
 * per reply divides the window's CPU by the window's replies. `capacity`: the server's req/s a
 * latency step's share is taken of. `load`: this machine's generator, or the run over --load-host.
 */
export async function measureSlice(
  target: SliceTarget,
  cell: Cell,
  timing: Timing,
  round: number,
  warmupS = timing.warmupS,
  capacity?: number,
  load: (options: LoadOptions) => Promise<LoadReport> = runLoad,
): Promise<MeasurementRecord> {
  let open: Edge | undefined;
  let close: Edge | undefined;
  const scenario = SCENARIOS[cell.scenario];
  const report = await load({
    groups: scenario.groups(cell, capacity),
    ...(scenario.connectionPerRequest ? { connectionPerRequest: true } : {}),
    transport: target.transport,
    ...(target.framing === 'read' ? { framing: 'read' as const } : {}),
    host: target.host,
    ports: target.ports,
    warmupS: warmupS + (scenario.extraWarmupS?.(cell) ?? 0),
    durationS: Math.max(timing.sliceS, scenario.minSliceS?.(cell) ?? 0),
    graceS: 1,
    onWindow: (edge) => {
      if (edge === 'open') open = readEdge(target);
      else close = readEdge(target);
    },
  });
  if (open === undefined || close === undefined)
    throw new Error('the load generator did not report its window');
  const [before, after, noiseOpen, noiseClose] = await Promise.all([
    open.usage,
    close.usage,
    open.noise,
    close.noise,
  ]);
  const stepMs = serverCpuStepMs(target);
  const measuredCpuMs =
    before.cpuMs === undefined || after.cpuMs === undefined ? null : after.cpuMs - before.cpuMs;
  // Too few steps of the sampler's clock for a figure within 5 % (platform/cpu-resolution.ts): n/a
  // here, and the reading kept for the cell's whole time (analyse/cpu-whole.ts); samplingReport says why.
  const cpuMs = measuredCpuMs !== null && cpuReadingKept(measuredCpuMs, stepMs) ? measuredCpuMs : null;
  const replies = report.total.requests + report.total.errors;
  const windowMs = close.at - open.at;
  const unread = target.pid === undefined ? "the server host's figures unread" : 'process table unread';
  const cpuNa =
    measuredCpuMs === null
      ? unread
      : cpuMs === null
        ? coarseReason(stepMs)
        : replies === 0
          ? 'no replies'
          : undefined;
  return recordOf(report, cell, {
    variant: target.variant,
    runtime: target.runtime,
    ...(target.transport === 'http' ? { transport: 'http' as const } : {}),
    round,
    serverCpu: cpuMs === null ? null : (cpuMs / windowMs) * 100,
    cpuUsPerReply: cpuMs === null || replies === 0 ? null : (cpuMs * 1000) / replies,
    serverRssMiB: after.rssMiB ?? null,
    ...(cpuNa === undefined ? {} : { cpuNa }),
    ...(after.rssMiB === undefined ? { rssNa: unread } : {}),
    ...(measuredCpuMs !== null && !cpuReadingFine(stepMs)
      ? {
          coarseCpu: {
            cpuMs: measuredCpuMs,
            stepMs,
            windowMs,
            replies,
            processes: Math.max(before.processes ?? 1, after.processes ?? 1),
          },
        }
      : {}),
    noise: noiseBetween(noiseOpen, noiseClose) ?? null,
  });
}

function recordOf(
  report: LoadReport,
  cell: Cell,
  base: Pick<
    MeasurementRecord,
    | 'variant'
    | 'runtime'
    | 'transport'
    | 'round'
    | 'serverCpu'
    | 'cpuUsPerReply'
    | 'serverRssMiB'
    | 'cpuNa'
    | 'rssNa'
    | 'coarseCpu'
    | 'noise'
  >,
): MeasurementRecord {
  const { total } = report;
  // A record says open loop only when the generator ran one (a figure must say its loop truly).
  const openLoop = cell.offered !== undefined && report.groups.some((g) => g.openLoop !== undefined);
  if (cell.scenario === 'latency' && !openLoop)
    throw new Error('the load generator ran a closed loop where the latency ladder needs an open one');
  return {
    ...base,
    scenario: cell.scenario,
    clients: cell.clients,
    n: report.groups[0]?.n ?? 0,
    ...(openLoop ? { offered: cell.offered } : {}),
    reqPerSec: total.reqPerSec,
    latencyMs: toMs(total, openLoop && report.groups.length === 1),
    errors: total.errors,
    wrongAnswers: total.wrongAnswers,
    notServed: total.notServed,
    clientCpu: report.loadGenerator.cpuPercent,
    clientWorkers: report.loadGenerator.workers,
    ...(report.loadHosts === undefined
      ? {}
      : {
          loadHosts: report.loadHosts.hosts.map((h) => ({
            host: h.host,
            clients: h.total.clients,
            clientCpu: h.loadGenerator.cpuPercent,
            workers: h.loadGenerator.workers,
            startMs: h.startMs,
          })),
        }),
    durationS: report.durationS,
    groups: report.groups.map((g) => ({
      n: g.n,
      clients: g.clients,
      reqPerSec: g.reqPerSec,
      latencyMs: toMs(g, g.openLoop !== undefined),
      notServed: g.notServed,
      ...(SCENARIOS[cell.scenario].keepDistribution ? { latencyHistogram: g.latencyHistogram } : {}),
      ...(g.openLoop === undefined ? {} : { openLoop: g.openLoop }),
    })),
    warnings: report.warnings.map((w) => w.message),
  };
}
