/**
 * A run against a saved one: for every cell both measured, new ÷ old of req/s, p99 and server
 * CPU per reply with a 95 % interval from the two runs' per-round values (unpaired: see
 * ts/stats/unpaired.ts), and a refusal naming the field when the runs cannot be compared. Weaker
 * than a within-run paired ratio: a whole run on a slower machine state moves every cell.
 */
import { ERROR_CODES } from '../../errors.js';
import { disturbed } from '../../noise/disturbed.js';
import { againstShift, type CommonShift, commonShift } from '../../stats/common-shift.js';
import { significanceOf } from '../../stats/paired.js';
import type { Interval, Significance } from '../../stats/types.js';
import { MIN_ROUNDS, type UnpairedMethod, type UnpairedRatio, unpairedRatio } from '../../stats/unpaired.js';
import type { CompareEnvironment, MeasurementRecord } from '../types.js';
import type { CompareDocument } from './document.js';
import { latencyOf } from './ratios.js';

/** The figures compared across runs, and which way is better for each. */
export const BASELINE_METRICS = [
  { metric: 'reqPerSec', label: 'req/s', unit: 'req/s', higherIsBetter: true },
  { metric: 'p99Ms', label: 'p99', unit: 'ms', higherIsBetter: false },
  { metric: 'cpuUsPerReply', label: 'CPU/reply', unit: 'µs', higherIsBetter: false },
] as const;

/** The figures the regression gate reads by default (p99's tail moves too much in short slices). */
export const GATED_METRICS: readonly BaselineMetric[] = ['reqPerSec', 'cpuUsPerReply'];

/** Rounds each run needs for an interval by the default method (fewer: the ratio shows `n/a`). */
export const MIN_BASELINE_ROUNDS = MIN_ROUNDS['hodges-lehmann'];

/** One of the compared figures. */
export type BaselineMetric = (typeof BASELINE_METRICS)[number]['metric'];

/** A cell of a run: which server, on which runtime and transport, under which load. */
export interface CellKey {
  variant: string;
  runtime: string;
  transport: 'tcp' | 'http';
  scenario: string;
  clients: number;
  n: number;
}

/** Which way a figure moved: `~` when its interval holds 1. */
export type ChangeVerdict = 'better' | 'worse' | '~';

/** A cell's ratio divided by the whole run's shift (ts/stats/common-shift.ts). */
export interface ChangeAgainstRun {
  estimate: number;
  interval: Interval;
  verdict: ChangeVerdict;
}

/** A ratio new ÷ old of one figure, read for its direction (`~` when the interval holds 1). */
export interface RunChange extends UnpairedRatio {
  verdict: ChangeVerdict;
  /**
   * The same ratio against the run's shift: did this cell move more than the whole run did?
   * Null when the run has too few cells for a shift, or the ratio no interval.
   */
  againstRun: ChangeAgainstRun | null;
}

/** One cell both runs measured. */
export interface CellChange extends CellKey {
  /** Per figure; null when a run has no usable value of it (not read, or a client unserved). */
  changes: Record<BaselineMetric, RunChange | null>;
}

/** What is known of a run besides its records. */
export interface RunLabel {
  commit: string;
  date: string;
  /** Share of its slices measured while the machine was disturbed (noise/disturbed.ts); null if none was read. */
  disturbedShare: number | null;
  /** Mean share of the machine other processes used during its slices, %; null if none was read. */
  othersPct: number | null;
  /** Mean share the hypervisor stole during its slices, %; null if none was read. */
  stealPct: number | null;
}

/** The comparison of a run with its baseline. */
export interface BaselineComparison {
  method: UnpairedMethod;
  old: RunLabel;
  new: RunLabel;
  cells: CellChange[];
  /** Cells only one of the runs measured (labels). */
  onlyOld: string[];
  onlyNew: string[];
  /** Settings that differ but allow the comparison (runtime versions, the commit…): what changed. */
  differences: string[];
  /** Per figure, the factor every cell shares between the runs; null with too few cells. */
  shifts: Record<BaselineMetric, CommonShift | null>;
}

/** Why two runs cannot be compared: a field of their environments differs. */
export class NotComparableError extends Error {
  readonly code = ERROR_CODES.baseline.NOT_COMPARABLE;
}

type Field = readonly [name: string, read: (e: CompareEnvironment) => unknown];

/** What must be equal: the machine, where the servers ran, and how each slice was measured. */
const MUST_MATCH: readonly Field[] = [
  ['CPU model', (e) => e.cpuModel],
  ['cores', (e) => e.cores],
  ['servers', (e) => e.servers ?? 'this machine'],
  ['slice length (s)', (e) => e.timing.sliceS],
  ['slice warm-up (s)', (e) => e.timing.warmupS],
  ['server warm-up (s)', (e) => e.timing.startWarmupS],
];

/** What may differ (it is usually the change being measured), reported beside the table. */
const MAY_DIFFER: readonly Field[] = [
  ['commit', (e) => e.gitCommit],
  ['Node.js', (e) => e.node],
  ['UV_THREADPOOL_SIZE', (e) => e.uvThreadpoolSize],
  ['memory (GiB)', (e) => e.memoryGiB],
  ['OS', (e) => e.os],
  ['rounds', (e) => e.rounds],
];

/** Each runtime's version, for the runtimes either run had. */
const runtimeFields = (a: CompareEnvironment, b: CompareEnvironment): Field[] =>
  [...new Set([...Object.keys(a.runtimes), ...Object.keys(b.runtimes)])].map((name) => [
    name,
    (e) => e.runtimes[name] ?? 'absent',
  ]);

const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v));
const differing = (fields: readonly Field[], old: CompareEnvironment, fresh: CompareEnvironment) =>
  fields.flatMap(([name, read]) =>
    JSON.stringify(read(old)) === JSON.stringify(read(fresh))
      ? []
      : [`${name}: ${show(read(old))} → ${show(read(fresh))}`],
  );

/** The reasons two runs cannot be compared (empty when they can), each naming the field. */
export function notComparable(old: CompareEnvironment, fresh: CompareEnvironment): string[] {
  return differing(MUST_MATCH, old, fresh);
}

const cellKey = (r: MeasurementRecord): CellKey => ({
  variant: r.variant,
  runtime: r.runtime,
  transport: r.transport ?? 'tcp',
  scenario: r.scenario,
  clients: r.clients,
  n: r.n,
});

/** A cell as people read it: `pool@node io n=1 ×2`, with ` http` over HTTP. */
export const cellLabel = (k: CellKey): string =>
  `${k.variant}@${k.runtime} ${k.scenario} n=${k.n} ×${k.clients}${k.transport === 'http' ? ' http' : ''}`;

/** A record's value of a figure, or undefined when it has none worth a ratio. */
export function figureOf(r: MeasurementRecord, metric: BaselineMetric): number | undefined {
  // A slice in which a client went unserved (one-at-a-time servers) says nothing of the rate.
  if (r.notServed > 0) return undefined;
  // An open-loop cell's rate is the schedule's (the offered load), not the server's throughput.
  if (metric === 'reqPerSec' && r.offered !== undefined) return undefined;
  const value = metric === 'p99Ms' ? latencyOf(r)?.p99 : r[metric];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The records of each cell, by the cell's label, in order of first appearance. */
export function cellsOf(
  records: readonly MeasurementRecord[],
): Map<string, { key: CellKey; records: MeasurementRecord[] }> {
  const cells = new Map<string, { key: CellKey; records: MeasurementRecord[] }>();
  for (const r of records) {
    const key = cellKey(r);
    const label = cellLabel(key);
    const cell = cells.get(label) ?? { key, records: [] };
    cell.records.push(r);
    cells.set(label, cell);
  }
  return cells;
}

function change(
  fresh: readonly MeasurementRecord[],
  old: readonly MeasurementRecord[],
  metric: BaselineMetric,
  higherIsBetter: boolean,
  method: UnpairedMethod,
): RunChange | null {
  const values = (rs: readonly MeasurementRecord[]) =>
    rs.map((r) => figureOf(r, metric)).filter((v): v is number => v !== undefined);
  const [x, y] = [values(fresh), values(old)];
  if (x.length === 0 || y.length === 0) return null;
  const ratio = unpairedRatio(x, y, method);
  return { ...ratio, verdict: verdictOf(ratio.significance, higherIsBetter), againstRun: null };
}

const verdictOf = (significance: Significance, higherIsBetter: boolean): ChangeVerdict =>
  significance === '~' ? '~' : (significance === 'higher') === higherIsBetter ? 'better' : 'worse';

/** Each figure's shift over the cells, and every change read against it. */
function readAgainstRun(cells: CellChange[]): Record<BaselineMetric, CommonShift | null> {
  const entries = BASELINE_METRICS.map(({ metric, higherIsBetter }) => {
    const changes = cells.map((c) => c.changes[metric]).filter((c): c is RunChange => c !== null);
    const shift = commonShift(changes);
    if (shift !== null)
      for (const c of changes) {
        const shifted = againstShift(c, shift);
        c.againstRun =
          shifted === null
            ? null
            : {
                estimate: shifted.estimate,
                interval: shifted.interval,
                verdict: verdictOf(shifted.significance, higherIsBetter),
              };
      }
    return [metric, shift] as const;
  });
  return Object.fromEntries(entries) as Record<BaselineMetric, CommonShift | null>;
}

/**
 * New ÷ old for every cell both runs measured. Throws NotComparableError naming every field that
 * differs when the runs were made on another machine or with other slice settings.
 */
export function compareWithBaseline(
  old: Pick<CompareDocument, 'environment' | 'records'>,
  fresh: Pick<CompareDocument, 'environment' | 'records'>,
  method: UnpairedMethod = 'hodges-lehmann',
): BaselineComparison {
  const reasons = notComparable(old.environment, fresh.environment);
  if (reasons.length > 0) throw new NotComparableError(`the runs are not comparable: ${reasons.join('; ')}`);
  const [oldCells, newCells] = [cellsOf(old.records), cellsOf(fresh.records)];
  const cells: CellChange[] = [];
  for (const [label, cell] of newCells) {
    const before = oldCells.get(label);
    if (before === undefined) continue;
    const changes = Object.fromEntries(
      BASELINE_METRICS.map(({ metric, higherIsBetter }) => [
        metric,
        change(cell.records, before.records, metric, higherIsBetter, method),
      ]),
    ) as Record<BaselineMetric, RunChange | null>;
    cells.push({ ...cell.key, changes });
  }
  const label = (e: CompareEnvironment, records: readonly MeasurementRecord[]): RunLabel => ({
    commit: e.gitCommit,
    date: e.date,
    ...machineState(records),
  });
  return {
    method,
    old: label(old.environment, old.records),
    new: label(fresh.environment, fresh.records),
    cells,
    onlyOld: [...oldCells.keys()].filter((k) => !newCells.has(k)),
    onlyNew: [...newCells.keys()].filter((k) => !oldCells.has(k)),
    differences: differing(
      [...MAY_DIFFER, ...runtimeFields(old.environment, fresh.environment)],
      old.environment,
      fresh.environment,
    ),
    shifts: readAgainstRun(cells),
  };
}

/** A significant change for the worse, by more than the threshold: of a cell, or of the whole run. */
export interface Regression {
  /** The cell's label, or `whole run` when the run's shift itself is the regression. */
  cell: string;
  metric: BaselineMetric;
  /** The ratio the gate read: the cell's against the run's shift (or plain, where no shift), or the shift. */
  change: { estimate: number; interval: Interval | null; significance: Significance };
  /** `against the run` when the ratio was divided by the run's shift. */
  reading: 'against the run' | 'plain' | 'whole run';
}

/**
 * The regressions a gate fails on, with `threshold` the size that counts (0.05 = 5 %: req/s
 * below 0.95×, a cost above 1.05×). Each cell is read against the run's shift where there is one
 * (a slower machine state moves every cell and is not the change), plainly where there is not;
 * and the shift itself fails the gate when its interval lies wholly beyond the threshold, so a
 * change that slows every cell alike is not read as the machine and let through.
 */
export function regressions(
  comparison: BaselineComparison,
  threshold: number,
  metrics: readonly BaselineMetric[] = GATED_METRICS,
): Regression[] {
  const chosen = BASELINE_METRICS.filter((m) => metrics.includes(m.metric));
  const beyond = (value: number, higherIsBetter: boolean) =>
    higherIsBetter ? value < 1 - threshold : value > 1 + threshold;
  const whole = chosen.flatMap(({ metric, higherIsBetter }): Regression[] => {
    const shift = comparison.shifts[metric];
    if (shift === null || !beyond(higherIsBetter ? shift.interval.high : shift.interval.low, higherIsBetter))
      return [];
    return [
      {
        cell: 'whole run',
        metric,
        change: { ...shift, significance: significanceOf(shift.interval) },
        reading: 'whole run',
      },
    ];
  });
  const cells = comparison.cells.flatMap((cell) =>
    chosen.flatMap(({ metric, higherIsBetter }): Regression[] => {
      const c = cell.changes[metric];
      if (c === null) return [];
      const read = c.againstRun ?? c;
      if (read.verdict !== 'worse' || !beyond(read.estimate, higherIsBetter)) return [];
      return [
        {
          cell: cellLabel(cell),
          metric,
          change: {
            estimate: read.estimate,
            interval: read.interval,
            significance: c.againstRun ? significanceOf(read.interval) : c.significance,
          },
          reading: c.againstRun ? 'against the run' : 'plain',
        },
      ];
    }),
  );
  return [...whole, ...cells];
}

/** How disturbed a run's machine was over its slices: what moves a whole run against another. */
function machineState(
  records: readonly MeasurementRecord[],
): Pick<RunLabel, 'disturbedShare' | 'othersPct' | 'stealPct'> {
  const samples = records.flatMap((r) => (r.noise === null ? [] : [r.noise]));
  if (samples.length === 0) return { disturbedShare: null, othersPct: null, stealPct: null };
  const mean = (values: number[]) =>
    values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;
  return {
    disturbedShare: samples.filter((n) => disturbed(n)).length / samples.length,
    othersPct: mean(samples.flatMap((n) => (n.othersPct === null ? [] : [n.othersPct]))),
    stealPct: mean(samples.flatMap((n) => (n.stealPct === null ? [] : [n.stealPct]))),
  };
}

/**
 * The whole-run shift of a figure: the median over cells of new ÷ old. A change of machine state
 * moves every cell alike; a change to one server moves its cells against this.
 */
export function runShift(comparison: BaselineComparison, metric: BaselineMetric): number | null {
  const estimates = comparison.cells
    .map((c) => c.changes[metric]?.estimate)
    .filter((v): v is number => v !== undefined && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (estimates.length === 0) return null;
  const mid = estimates.length >> 1;
  return estimates.length % 2 === 1
    ? (estimates[mid] as number)
    : Math.sqrt((estimates[mid - 1] as number) * (estimates[mid] as number));
}

/**
 * The share of compared figures that came out `~` (the A-vs-A target reads this): plainly, or
 * read against the run's shift (`againstRun`; a figure without that reading counts plainly).
 */
export function unchangedShare(
  comparison: BaselineComparison,
  metric: BaselineMetric = 'reqPerSec',
  againstRun = false,
): number {
  const read = comparison.cells.map((c) => c.changes[metric]).filter((c): c is RunChange => c !== null);
  const verdict = (c: RunChange) => (againstRun ? (c.againstRun?.verdict ?? c.verdict) : c.verdict);
  return read.length === 0 ? 1 : read.filter((c) => verdict(c) === '~').length / read.length;
}
