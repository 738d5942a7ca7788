/**
 * The latency–throughput curves of a `--latency` run: for each server, every step of its ladder
 * (a share of its own capacity, or a fixed rate) with the open-loop percentiles of all rounds
 * pooled, the rate it was offered and the rate it served, how late the load generator sent, the
 * paired p99 ratio to Go at that step, and the server's knee (knee.ts).
 */
import { mergeHistograms, summarise as summariseHistogram } from '../../load/histogram.js';
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import { median, type RatioEstimate } from '../../stats/index.js';
import {
  capacityCell,
  type OfferedLoad,
  offeredKey,
  offeredLabel,
  offeredRate,
  sameCell,
} from '../scenarios.js';
import type { MeasurementRecord } from '../types.js';
import { type Knee, kneeOf } from './knee.js';
import { primaryRecords, sideRatio } from './ratios.js';
import { GO_VARIANT } from './summary.js';

/** One step of a server's ladder, over the rounds. */
export interface LatencyStep {
  offered: OfferedLoad;
  /** `50 %` (of capacity) or `1,000/s`. */
  label: string;
  /** Slices measured (one per round). */
  slices: number;
  /** Offered, sent and served (correct replies) rates, req/s: medians over the rounds. */
  targetRate: number;
  sentRate: number | null;
  achievedRate: number;
  /**
   * Of the requests due in the measured windows, the share sent behind schedule (held back behind
   * an earlier reply: over HTTP and read framing; the line protocol pipelines, so there it is 0);
   * null where the slices do not say.
   */
  lateShare: number | null;
  /** Open-loop latency (from the intended send times), ms: every reply of every round pooled. */
  p50Ms: number | null;
  p99Ms: number | null;
  p99_9Ms: number | null;
  /** Replies behind those percentiles. */
  replies: number;
  /** The load generator's own lag at p99, µs (the worst round): its share of the latency it measured. */
  generatorLagP99Us: number | null;
  /** Rounds in which a connection got no reply at all. */
  notServedRounds: number;
  /** Paired over the rounds: this server's p99 ÷ Go's at the same step (null for Go, or without pairs). */
  p99VsGo: RatioEstimate | null;
}

/** A server's curve. */
export interface LatencyCurve {
  variant: string;
  runtime: string;
  n: number;
  clients: number;
  /** Its closed-loop req/s in the same run (median of the capacity rounds): what the shares are of. */
  capacity: number | null;
  /** Its steps, by offered load. */
  steps: LatencyStep[];
  /** Where its p99 turns up (knee.ts), or null: it held to the highest load offered. */
  knee: (Knee & { label: string; share: number | null }) | null;
}

const pooled = (records: readonly MeasurementRecord[]) => {
  const encoded = records.map((r) => r.groups[0]?.latencyHistogram ?? '').filter((text) => text !== '');
  if (encoded.length < records.length || encoded.length === 0) return null;
  const merged = mergeHistograms(encoded);
  try {
    return summariseHistogram(merged);
  } finally {
    merged.destroy();
  }
};

const medianOf = (values: Array<number | null | undefined>) => {
  const present = values.filter((v): v is number => typeof v === 'number');
  return present.length === 0 ? null : median(present);
};

/** The curves of a run's latency cells (none when it had no ladder), in the order servers first appear. */
export function latencyCurves(all: readonly MeasurementRecord[]): LatencyCurve[] {
  const records = primaryRecords(all);
  const ladder = records.filter((r) => r.scenario === 'latency' && r.offered !== undefined);
  const servers = [...new Map(ladder.map((r) => [`${r.variant}\u0000${r.runtime}`, r])).values()];
  return servers.map((first) => {
    const mine = ladder.filter((r) => r.variant === first.variant && r.runtime === first.runtime);
    const capacityRates = records
      .filter(
        (r) =>
          r.variant === first.variant &&
          r.runtime === first.runtime &&
          sameCell(r, capacityCell(first)) &&
          r.notServed === 0,
      )
      .map((r) => r.reqPerSec);
    const capacity = capacityRates.length === 0 ? null : median(capacityRates);
    const offers = [...new Map(mine.map((r) => [offeredKey(r.offered), r.offered as OfferedLoad])).values()];
    const steps = offers.map((offered) => stepOf(records, mine, first, offered, capacity));
    steps.sort((a, b) => a.targetRate - b.targetRate);
    const knee = kneeOf(steps);
    const at = knee === null ? undefined : steps[knee.index];
    return {
      variant: first.variant,
      runtime: first.runtime,
      n: first.n,
      clients: first.clients,
      capacity,
      steps,
      knee:
        knee === null || at === undefined
          ? null
          : { ...knee, label: at.label, share: capacity === null ? null : knee.targetRate / capacity },
    };
  });
}

function stepOf(
  records: readonly MeasurementRecord[],
  mine: readonly MeasurementRecord[],
  first: MeasurementRecord,
  offered: OfferedLoad,
  capacity: number | null,
): LatencyStep {
  const slices = mine.filter((r) => offeredKey(r.offered) === offeredKey(offered));
  const open = slices.map((r) => r.groups[0]?.openLoop);
  const served = slices.filter((r) => r.notServed === 0);
  const stats = pooled(served);
  // `late` counts the requests due in the window that went out behind schedule: of all those due.
  const due = slices.reduce((sum, r, i) => sum + (open[i]?.targetRate ?? 0) * r.durationS, 0);
  const late = open.reduce((sum, o) => sum + (o?.late ?? 0), 0);
  const side = (variant: string) => ({
    variant,
    runtime: first.runtime,
    scenario: first.scenario,
    clients: first.clients,
    n: first.n,
    offered,
  });
  const targetRate =
    medianOf(open.map((o) => o?.targetRate)) ??
    ('share' in offered && capacity === null
      ? median(slices.map((r) => r.reqPerSec))
      : offeredRate({ ...first, offered }, capacity ?? undefined));
  return {
    offered,
    label: offeredLabel(offered),
    slices: slices.length,
    targetRate,
    sentRate: medianOf(open.map((o) => o?.achievedRate)),
    achievedRate: median(slices.map((r) => r.groups[0]?.reqPerSec ?? r.reqPerSec)),
    lateShare: open.every((o) => o !== undefined) && due > 0 ? Math.min(1, late / due) : null,
    p50Ms: stats === null ? medianOf(served.map((r) => r.latencyMs?.p50)) : stats.p50 / 1000,
    p99Ms: stats === null ? medianOf(served.map((r) => r.latencyMs?.p99)) : stats.p99 / 1000,
    p99_9Ms: stats === null ? medianOf(served.map((r) => r.latencyMs?.p99_9)) : stats.p99_9 / 1000,
    replies: stats?.samples ?? 0,
    generatorLagP99Us: open.some((o) => o !== undefined)
      ? Math.max(...open.map((o) => o?.generatorLagUs.p99 ?? 0))
      : null,
    notServedRounds: slices.length - served.length,
    p99VsGo:
      first.variant === GO_VARIANT || first.runtime !== SYSTEM_RUNTIME
        ? null
        : sideRatio(records, side(first.variant), side(GO_VARIANT), 'p99Ms'),
  };
}

/** A step's figures cannot be trusted as they stand: what the report's warnings say of a ladder. */
export function latencyWarnings(
  curves: readonly LatencyCurve[],
  all: readonly MeasurementRecord[],
): string[] {
  const warnings: string[] = [];
  const ladder = primaryRecords(all).filter((r) => r.scenario === 'latency');
  for (const curve of curves) {
    const mine = ladder.filter((r) => r.variant === curve.variant && r.runtime === curve.runtime);
    const wrong = mine.reduce((sum, r) => sum + r.wrongAnswers, 0);
    const errors = mine.reduce((sum, r) => sum + r.errors, 0);
    if (wrong > 0)
      warnings.push(`${curve.variant} latency ladder: ${wrong} WRONG ANSWERS — a bug, the figures are void`);
    if (errors > 0) warnings.push(`${curve.variant} latency ladder: ${errors} error replies`);
    if (curve.capacity === null)
      warnings.push(
        `${curve.variant}: its capacity was not measured, so its ladder has only the fixed rates`,
      );
    // The generator's own lag is part of every latency it measures: say where it is a visible share.
    const lagged = curve.steps.filter(
      (s) => s.generatorLagP99Us !== null && s.p99Ms !== null && s.generatorLagP99Us / 1000 > 0.1 * s.p99Ms,
    );
    if (lagged.length > 0)
      warnings.push(
        `${curve.variant} latency ladder: the load generator's own lag at p99 was over 10 % of the p99 it measured at ${lagged.map((s) => s.label).join(', ')}: those p99s are partly the generator's`,
      );
  }
  return warnings;
}
