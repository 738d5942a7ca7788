/**
 * Measures one server session: starts a variant, runs a sequence of cells (scenario × client
 * count) against it with the load generator, reads the server tree's CPU time around each cell
 * and its peak memory, and stops it. One {@link MeasurementRecord} per cell.
 */
import { treeCpuMs, treePeakRssMiB } from '../launch/process-tree.js';
import { type LaunchRuntime, serveCommand, startServer } from '../launch/serve-command.js';
import { runLoad } from '../load/run.js';
import type { LoadReport, Stats } from '../load/types.js';
import type { ServerOptions } from '../server/options.js';
import type { Variant } from '../variants/registry.js';
import { SCENARIOS, type ScenarioName } from './scenarios.js';

/** Latency in milliseconds (the load generator records µs). */
export interface LatencyMs {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** One group's figures inside a cell (the mixed scenario has two). */
export interface GroupFigures {
  n: number;
  clients: number;
  reqPerSec: number;
  latencyMs: LatencyMs | null;
  notServed: number;
}

/** One measurement: DESIGN.md's result record, plus what the tables need. */
export interface MeasurementRecord {
  variant: string;
  runtime: string;
  scenario: ScenarioName;
  clients: number;
  /** The request size; for mixed, the CPU client's n (the groups say the rest). */
  n: number;
  repeat: number;
  reqPerSec: number;
  latencyMs: LatencyMs | null;
  errors: number;
  wrongAnswers: number;
  notServed: number;
  /** Server tree CPU over the cell, % of one core (warm-up included); null where /proc is missing. */
  serverCpu: number | null;
  /** Peak resident memory of the server tree so far, MiB. */
  serverRssMiB: number | null;
  /** The load generator's own CPU over the measured window, % of one core (all its threads). */
  clientCpu: number;
  /** Worker threads the load generator ran its clients on. */
  clientWorkers: number;
  durationS: number;
  groups: GroupFigures[];
  warnings: string[];
}

/** A cell: one scenario with one client count. */
export interface Cell {
  scenario: ScenarioName;
  clients: number;
}

/** How long each part of a cell lasts. */
export interface Timing {
  /** Warm-up of the first cell after the server starts (JIT, pools, connections). */
  firstWarmupS: number;
  /** Warm-up of the later cells on the same, already warm server (new connections only). */
  warmupS: number;
  durationS: number;
}

const toMs = (stats: Stats): LatencyMs | null =>
  stats.latencyUs === null
    ? null
    : {
        p50: stats.latencyUs.p50 / 1000,
        p90: stats.latencyUs.p90 / 1000,
        p99: stats.latencyUs.p99 / 1000,
        max: stats.latencyUs.max / 1000,
      };

function recordOf(
  report: LoadReport,
  cell: Cell,
  base: Pick<MeasurementRecord, 'variant' | 'runtime' | 'repeat' | 'serverCpu' | 'serverRssMiB'>,
): MeasurementRecord {
  const { total } = report;
  return {
    ...base,
    scenario: cell.scenario,
    clients: cell.clients,
    n: report.groups[0]?.n ?? 0,
    reqPerSec: total.reqPerSec,
    latencyMs: toMs(total),
    errors: total.errors,
    wrongAnswers: total.wrongAnswers,
    notServed: total.notServed,
    clientCpu: report.loadGenerator.cpuPercent,
    clientWorkers: report.loadGenerator.workers,
    durationS: report.durationS,
    groups: report.groups.map((g) => ({
      n: g.n,
      clients: g.clients,
      reqPerSec: g.reqPerSec,
      latencyMs: toMs(g),
      notServed: g.notServed,
    })),
    warnings: report.warnings.map((w) => w.message),
  };
}

/** What a session starts: a variant on a runtime, with options beyond the defaults (e.g. `inlineBelow`). */
export interface SessionTarget {
  variant: Variant;
  runtime: LaunchRuntime;
  /** The runtime's name in the records. */
  runtimeName: string;
  options?: Partial<ServerOptions>;
}

/** Runs `cells` in order against one fresh server; `onCell` sees each record as it is made. */
export async function measureSession(
  target: SessionTarget,
  cells: readonly Cell[],
  timing: Timing,
  repeat: number,
  onCell: (record: MeasurementRecord) => void,
): Promise<MeasurementRecord[]> {
  const server = await startServer(
    await serveCommand(target.variant, target.runtime, { ...target.options, port: 0 }),
  );
  const pid = server.pid;
  const records: MeasurementRecord[] = [];
  try {
    for (const [index, cell] of cells.entries()) {
      const cpuBefore = treeCpuMs(pid);
      const started = performance.now();
      const report = await runLoad({
        groups: SCENARIOS[cell.scenario].groups(cell.clients),
        host: server.readiness.host,
        ports: server.readiness.ports,
        warmupS: index === 0 ? timing.firstWarmupS : timing.warmupS,
        durationS: timing.durationS,
        graceS: 1,
      });
      const cpuAfter = treeCpuMs(pid);
      const elapsedMs = performance.now() - started;
      const record = recordOf(report, cell, {
        variant: target.variant.name,
        runtime: target.runtimeName,
        repeat,
        serverCpu:
          cpuBefore === undefined || cpuAfter === undefined
            ? null
            : ((cpuAfter - cpuBefore) / elapsedMs) * 100,
        serverRssMiB: treePeakRssMiB(pid) ?? null,
      });
      records.push(record);
      onCell(record);
    }
  } finally {
    await server.stop();
  }
  return records;
}
