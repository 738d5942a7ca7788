/**
 * The ratios users read, as paired estimates from the slices: "× event-loop" and "× Go" of every
 * cell, "× system Node" of every runtime cell, each pool's "2 clients ÷ 1 client", and the
 * headline ratios the README's targets speak of. Slices of one round were measured back to back
 * and form the pairs (run.ts alternates them); ts/stats computes estimate, interval, significance.
 */
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import {
  type Metric,
  pairedRatio,
  type RatioEstimate,
  relativeHalfWidth,
  type Slice,
} from '../../stats/index.js';
import { type OfferedLoad, offeredKey, type ScenarioName } from '../scenarios.js';
import type { MeasurementRecord } from '../types.js';

/** One measured side: a variant on a runtime in one cell. */
export interface Side {
  variant: string;
  runtime: string;
  scenario: ScenarioName;
  clients: number;
  /** The request size, for scenarios with several (sweep, scaling); undefined = the scenario's only one. */
  n?: number;
  /** A step of a latency ladder; undefined = the scenario's only offered load (or a closed loop). */
  offered?: OfferedLoad;
}

const keyOf = (s: Side) =>
  `${s.variant}@${s.runtime}/${s.scenario}/${s.clients}/${s.n ?? ''}/${offeredKey(s.offered)}`;

/** Whether a record (or a cell) belongs to a side. */
export const onSide = (
  r: Pick<MeasurementRecord, 'scenario' | 'clients' | 'n' | 'offered'> & {
    variant?: string;
    runtime?: string;
  },
  side: Side,
): boolean =>
  (r.variant === undefined || r.variant === side.variant) &&
  (r.runtime === undefined || r.runtime === side.runtime) &&
  r.scenario === side.scenario &&
  r.clients === side.clients &&
  (side.n === undefined || r.n === side.n) &&
  (side.offered === undefined || offeredKey(r.offered) === offeredKey(side.offered));

/** The latency a slice's p99 ratio compares: mixed's I/O client (its second group), else the whole slice's. */
export const latencyOf = (r: MeasurementRecord) =>
  r.scenario === 'mixed' ? r.groups[1]?.latencyMs : r.latencyMs;

/**
 * A ratio of two sides over the rounds that measured both and served every client; null when
 * fewer than two such rounds exist (no interval can be had) or a side was never served.
 */
export function sideRatio(
  records: readonly MeasurementRecord[],
  a: Side,
  b: Side,
  metric: Metric = 'reqPerSec',
): RatioEstimate | null {
  const slices: Slice[] = [];
  for (const r of records) {
    for (const side of [a, b]) {
      if (!onSide(r, side)) continue;
      const slice = {
        side: keyOf(side),
        round: r.round,
        reqPerSec: r.reqPerSec,
        cpuUsPerReply: r.cpuUsPerReply,
        p99Ms: latencyOf(r)?.p99 ?? null,
      };
      const value = slice[metric];
      // A slice in which a client went unserved (one-at-a-time servers) or nothing was read has no ratio.
      if (r.notServed > 0 || value === null || !(value > 0)) continue;
      slices.push(slice);
    }
  }
  const rounds = (side: Side) => new Set(slices.filter((s) => s.side === keyOf(side)).map((s) => s.round));
  const both = [...rounds(a)].filter((round) => rounds(b).has(round));
  if (both.length < 2) return null;
  return pairedRatio(slices, keyOf(a), keyOf(b), { metric });
}

/** A ratio the README's targets and the headline speak of. */
export interface HeadlineRatio {
  label: string;
  a: Side;
  b: Side;
  ratio: RatioEstimate | null;
  /** Half the interval's width ÷ the estimate; undefined without an interval. */
  halfWidth: number | undefined;
  /** The same pair's ratio of server CPU µs per reply (lower is leaner): steadier than a rate on a busy machine. */
  cpuPerReply: RatioEstimate | null;
}

const node = (variant: string, scenario: ScenarioName, clients: number): Side => ({
  variant,
  runtime: SYSTEM_RUNTIME,
  scenario,
  clients,
});

/** The headline pairs: the seed's story in numbers (DESIGN.md, issue "Verdicts that hold"). */
export const HEADLINE_PAIRS: ReadonlyArray<{ label: string; a: Side; b: Side }> = [
  { label: 'event-loop ÷ Go, n=1, 2 clients', a: node('event-loop', 'io', 2), b: node('go', 'io', 2) },
  ...(['native-async', 'native-sync', 'pool', 'cluster'] as const).flatMap((variant) =>
    (['cpu', 'heavy'] as const).map((scenario) => ({
      label: `${variant} ÷ Go, n=${scenario === 'cpu' ? 22 : 30}, 2 clients`,
      a: node(variant, scenario, 2),
      b: node('go', scenario, 2),
    })),
  ),
  ...(['pool', 'process-pool', 'native-async'] as const).map((variant) => ({
    label: `${variant}: 2 clients ÷ 1 client, n=22`,
    a: node(variant, 'cpu', 2),
    b: node(variant, 'cpu', 1),
  })),
];

/**
 * The records the tables are made of: the line protocol's, or, in a run over HTTP alone, HTTP's.
 * (With --transport both, the HTTP slices go only into the TCP-vs-HTTP table.)
 */
export function primaryRecords(records: readonly MeasurementRecord[]): readonly MeasurementRecord[] {
  const tcp = records.filter((r) => r.transport === undefined);
  return tcp.length > 0 ? tcp : records;
}

/** The headline ratios this run measured (pairs whose sides were not both measured are left out). */
export function headlineRatios(all: readonly MeasurementRecord[]): HeadlineRatio[] {
  const records = primaryRecords(all);
  const measured = (s: Side) => records.some((r) => onSide(r, s));
  return HEADLINE_PAIRS.filter((p) => measured(p.a) && measured(p.b)).map((p) => {
    const ratio = sideRatio(records, p.a, p.b);
    return {
      ...p,
      ratio,
      halfWidth: ratio === null ? undefined : relativeHalfWidth(ratio),
      cpuPerReply: sideRatio(records, p.a, p.b, 'cpuUsPerReply'),
    };
  });
}
