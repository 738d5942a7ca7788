/**
 * Turns the slices of all rounds into one summary per (variant, runtime, scenario, clients):
 * medians with their range over rounds for the absolute figures, and paired ratios (estimate,
 * 95 % interval, significance) for the ratios users read.
 */
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import type { RatioEstimate } from '../../stats/index.js';
import type { OfferedLoad, ScenarioName } from '../scenarios.js';
import type { GroupFigures, MeasurementRecord } from '../types.js';
import { type WholeCpu, wholeCpu } from './cpu-whole.js';
import { primaryRecords, sideRatio } from './ratios.js';

/** Median with the range over rounds. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** One group of a cell, over rounds (the mixed table reads these). */
export interface GroupSummary {
  n: number;
  /** Over the rounds in which the group was served (all zeros if it never was). */
  reqPerSec: Spread;
  /** Rounds in which no client of the group was served (a one-at-a-time server serves whoever came first). */
  notServedRounds: number;
  p50Ms: number | null;
  p99Ms: number | null;
  notServed: number;
  /** An open-loop group (its latencies from the intended send times): offered and served req/s, the share sent late (medians). */
  openLoop?: { targetRate: number; achievedRate: number; lateShare: number };
}

/** One table cell's figures over rounds. */
export interface CellSummary {
  variant: string;
  runtime: string;
  /**
   * Present on the HTTP cells of a `--transport both` run (the TCP-vs-HTTP table's), absent on
   * the cells the other tables show.
   */
  transport?: 'http';
  /** HTTP cells of a `both` run: paired ratios HTTP ÷ TCP of req/s and of server CPU per reply. */
  vsTcp?: { reqPerSec: RatioEstimate | null; cpuUsPerReply: RatioEstimate | null };
  scenario: ScenarioName;
  clients: number;
  /** The request size (for mixed, the CPU client's). */
  n: number;
  /** An open-loop cell's offered load (mixed: its I/O client's rate); absent = closed loop. */
  offered?: OfferedLoad;
  rounds: number;
  reqPerSec: Spread;
  /** Paired ratio to the event-loop variant on the same runtime, same cell. */
  vsEventLoop: RatioEstimate | null;
  /** Paired ratio to the Go peer, same cell (system runtime's tables). */
  vsGo: RatioEstimate | null;
  /** Paired ratio to the same variant on the system Node (other runtimes). */
  vsSystemNode: RatioEstimate | null;
  p50Ms: number | null;
  p99Ms: number | null;
  serverCpu: number | null;
  /** Median over rounds of server-tree CPU µs per reply (or from the whole time: `cpuWhole`). */
  cpuUsPerReply: number | null;
  serverRssMiB: number | null;
  /**
   * CPU per reply and CPU % from the cell's whole time (its slices' windows added up) where the
   * sampler's clock was too coarse for one slice (cpu-whole.ts); the tables mark such figures ‡.
   */
  cpuWhole?: WholeCpu;
  /** Why a figure of this cell is null: the tables write "n/a (reason)", never a bare blank. */
  na?: CellNa;
  clientCpuMax: number;
  /** Rounds in which the load generator used over 90 % of a core per thread. */
  clientSaturated: number;
  /** Most clients not served in any round. */
  notServed: number;
  errors: number;
  wrongAnswers: number;
  groups: GroupSummary[];
  /**
   * Present when this cell's req/s measures thread placement, not the server (placement.ts):
   * the cell's median server CPU µs per reply and the cores shared with the load generator.
   */
  placement?: { cpuUsPerReply: number; cores: number };
}

/** The reference variant of the "× event-loop" column, and the peer of the "× Go" one. */
export const REFERENCE_VARIANT = 'event-loop';
export const GO_VARIANT = 'go';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median, min and max of `values` (at least one). */
export function spreadOf(values: number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

const medianOrNull = (values: Array<number | null | undefined>): number | null => {
  const present = values.filter((v): v is number => typeof v === 'number');
  return present.length === 0 ? null : median(present);
};

/** Why a cell's figures are missing, each in a few words (a table cell holds them). */
export interface CellNa {
  /** Server CPU % and CPU per reply. */
  cpu?: string;
  /** Peak RSS. */
  rss?: string;
  /** p50 and p99. */
  latency?: string;
}

/** A cell's server CPU: the slices' medians, or the whole time's where the clock is coarse; the reason when neither. */
function cpuOf(cell: readonly MeasurementRecord[]): {
  serverCpu: number | null;
  cpuUsPerReply: number | null;
  whole?: WholeCpu;
  reason?: string;
} {
  const whole = wholeCpu(cell);
  if (whole !== undefined)
    return 'reason' in whole
      ? { serverCpu: null, cpuUsPerReply: null, reason: whole.reason }
      : { serverCpu: whole.serverCpu, cpuUsPerReply: whole.cpuUsPerReply, whole };
  const serverCpu = medianOrNull(cell.map((r) => r.serverCpu));
  const cpuUsPerReply = medianOrNull(cell.map((r) => r.cpuUsPerReply));
  const reason =
    cell.find((r) => r.cpuNa !== undefined)?.cpuNa ??
    (cell.every((r) => r.reqPerSec === 0 && r.errors === 0) ? 'no replies' : 'not read');
  return { serverCpu, cpuUsPerReply, ...(cpuUsPerReply === null ? { reason } : {}) };
}

/** The reasons of a cell's missing figures (none when every figure is there). */
function naOf(cell: readonly MeasurementRecord[], cpu: string | undefined): CellNa {
  const na: CellNa = {};
  if (cpu !== undefined) na.cpu = cpu;
  if (cell.every((r) => r.serverRssMiB === null))
    na.rss = cell.find((r) => r.rssNa !== undefined)?.rssNa ?? 'not read';
  if (cell.every((r) => r.latencyMs === null)) na.latency = 'no replies';
  return na;
}
const keyOf = (r: Pick<MeasurementRecord, 'variant' | 'runtime' | 'scenario' | 'clients' | 'n'>) =>
  `${r.variant}\u0000${r.runtime}\u0000${r.scenario}\u0000${r.clients}\u0000${r.n}`;

/**
 * Summarises slices; the order of first appearance is kept. With both transports, the TCP cells
 * come first, then each HTTP cell with its paired ratios to the same server over TCP.
 */
export function summarise(every: readonly MeasurementRecord[]): CellSummary[] {
  // A latency ladder's steps are cells of one scenario at many loads: analyse/latency.ts has them.
  const all = every.filter((r) => r.scenario !== 'latency');
  const records = primaryRecords(all);
  const http = records === all ? [] : all.filter((r) => r.transport === 'http');
  return [...summariseCells(records), ...summariseCells(http).map((s) => withVsTcp(s, all))];
}

// One transport's records become one set of sides: the HTTP side of a pair is `<variant> over http`.
const OVER_HTTP = ' over http';

function withVsTcp(summary: CellSummary, all: readonly MeasurementRecord[]): CellSummary {
  const relabelled = all.map((r) =>
    r.transport === 'http' ? { ...r, variant: `${r.variant}${OVER_HTTP}` } : r,
  );
  const side = {
    variant: summary.variant,
    runtime: summary.runtime,
    scenario: summary.scenario,
    clients: summary.clients,
  };
  const overHttp = { ...side, variant: `${side.variant}${OVER_HTTP}` };
  return {
    ...summary,
    transport: 'http',
    vsEventLoop: null,
    vsGo: null,
    vsSystemNode: null,
    vsTcp: {
      reqPerSec: sideRatio(relabelled, overHttp, side),
      cpuUsPerReply: sideRatio(relabelled, overHttp, side, 'cpuUsPerReply'),
    },
  };
}

function summariseCells(records: readonly MeasurementRecord[]): CellSummary[] {
  const byCell = new Map<string, MeasurementRecord[]>();
  for (const record of records) {
    const key = keyOf(record);
    byCell.set(key, [...(byCell.get(key) ?? []), record]);
  }
  return [...byCell.values()].map((cell) => {
    const first = cell[0] as MeasurementRecord;
    const side = {
      variant: first.variant,
      runtime: first.runtime,
      scenario: first.scenario,
      clients: first.clients,
      n: first.n,
      ...(first.offered === undefined ? {} : { offered: first.offered }),
    };
    const against = (variant: string, runtime: string) =>
      variant === side.variant && runtime === side.runtime
        ? null
        : sideRatio(records, side, { ...side, variant, runtime });
    const cpu = cpuOf(cell);
    const na = naOf(cell, cpu.reason);
    return {
      ...side,
      rounds: cell.length,
      reqPerSec: spreadOf(cell.map((r) => r.reqPerSec)),
      vsEventLoop: against(REFERENCE_VARIANT, side.runtime),
      vsGo: side.runtime === SYSTEM_RUNTIME ? against(GO_VARIANT, SYSTEM_RUNTIME) : null,
      vsSystemNode: side.runtime === SYSTEM_RUNTIME ? null : against(side.variant, SYSTEM_RUNTIME),
      p50Ms: medianOrNull(cell.map((r) => r.latencyMs?.p50)),
      p99Ms: medianOrNull(cell.map((r) => r.latencyMs?.p99)),
      serverCpu: cpu.serverCpu,
      cpuUsPerReply: cpu.cpuUsPerReply,
      ...(cpu.whole === undefined ? {} : { cpuWhole: cpu.whole }),
      ...(Object.keys(na).length === 0 ? {} : { na }),
      serverRssMiB: cell.some((r) => r.serverRssMiB !== null)
        ? Math.max(...cell.map((r) => r.serverRssMiB ?? 0))
        : null,
      clientCpuMax: Math.max(...cell.map((r) => r.clientCpu)),
      // Above 90 % of a core per load-generator thread, it may have set the pace (on any one --load-host).
      clientSaturated: cell.filter((r) =>
        r.loadHosts === undefined
          ? r.clientCpu / r.clientWorkers > 90
          : r.loadHosts.some((h) => h.clientCpu / h.workers > 90),
      ).length,
      notServed: Math.max(...cell.map((r) => r.notServed)),
      errors: cell.reduce((sum, r) => sum + r.errors, 0),
      wrongAnswers: cell.reduce((sum, r) => sum + r.wrongAnswers, 0),
      groups: first.groups.map((group, i) => {
        const runs = cell.map((r) => r.groups[i]).filter((g): g is GroupFigures => g !== undefined);
        const served = runs.filter((g) => g.notServed < g.clients);
        return {
          n: group.n,
          reqPerSec: spreadOf(served.length > 0 ? served.map((g) => g.reqPerSec) : [0]),
          notServedRounds: runs.length - served.length,
          p50Ms: medianOrNull(served.map((g) => g.latencyMs?.p50)),
          p99Ms: medianOrNull(served.map((g) => g.latencyMs?.p99)),
          notServed: Math.max(...runs.map((g) => g.notServed)),
          ...openLoopOf(
            cell.flatMap((r) => {
              const group = r.groups[i];
              return group !== undefined && group.notServed < group.clients
                ? [{ durationS: r.durationS, group }]
                : [];
            }),
          ),
        };
      }),
    };
  });
}

/**
 * An open-loop group's schedule over the slices it was served in (nothing for a closed-loop
 * group); `late` counts the requests due in the window sent behind schedule, so its share is of those due.
 */
function openLoopOf(
  slices: ReadonlyArray<{ durationS: number; group: GroupFigures }>,
): Pick<GroupSummary, 'openLoop'> {
  const open = slices.flatMap(({ durationS, group }) =>
    group.openLoop === undefined ? [] : [{ durationS, ...group.openLoop }],
  );
  if (open.length === 0) return {};
  return {
    openLoop: {
      targetRate: median(open.map((o) => o.targetRate)),
      achievedRate: median(open.map((o) => o.achievedRate)),
      lateShare: median(open.map((o) => Math.min(1, o.late / Math.max(1, o.targetRate * o.durationS)))),
    },
  };
}
