/**
 * fiblab's answer beside Go and the best of the seed's rows, cell by cell. Every ratio is paired
 * (the sides were measured in the same rounds); the mixed cell compares the I/O client's p99, a
 * cell whose req/s measures thread placement (placement.ts) compares server CPU per reply, the
 * heavy cell says what share of the addon's own ceiling (cores ÷ in-process fib(30)) the answer
 * reached, and every row says the memory paid.
 */
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import type { RatioEstimate } from '../../stats/index.js';
import { ANSWER_VARIANT, findVariant } from '../../variants/registry.js';
import type { OfferedLoad, ScenarioName } from '../scenarios.js';
import type { MeasurementRecord } from '../types.js';
import { primaryRecords, type Side, sideRatio } from './ratios.js';
import { type CellSummary, GO_VARIANT } from './summary.js';

/** The answer's goal against Go in req/s: ≥ 1.2×, with an interval that excludes 1. */
export const ANSWER_GOAL_VS_GO = 1.2;
/** The mixed cell's goal: the I/O client's p99 at most this multiple of Go's. */
export const ANSWER_GOAL_P99_VS_GO = 2;
/** The heavy cell's goal: this share of the addon's own 2-core ceiling. */
export const ANSWER_GOAL_CEILING = 0.9;
/** A placement-bound cell's goal: server CPU per reply at most Go's. */
export const ANSWER_GOAL_CPU_VS_GO = 1;

/**
 * What a cell compares: req/s (higher is better); the mixed cell's I/O p99 ms and, where req/s
 * measures thread placement, server CPU µs per reply (lower is better).
 */
export type AnswerMeasure = 'reqPerSec' | 'p99Ms' | 'cpuUsPerReply';

/** One cell of the comparison. */
export interface AnswerCell {
  scenario: ScenarioName;
  clients: number;
  n: number;
  /** Mixed: its I/O client's offered load (open loop); absent = closed loop. */
  offered?: OfferedLoad;
  /** What the figures and ratios of this cell are. */
  measure: AnswerMeasure;
  /** Medians over rounds of the measure. */
  answer: number;
  go: number | null;
  /** The best of the seed's rebuilt rows in this cell (by the measure). */
  best: { variant: string; value: number } | undefined;
  /** Paired: answer ÷ Go, answer ÷ best seed row, of the measure. */
  vsGo: RatioEstimate | null;
  vsBest: RatioEstimate | null;
  /** Heavy only: answer's req/s ÷ the addon's ceiling. */
  ceilingShare?: number;
  /** Peak RSS of the server tree, MiB: what the answer pays for its speed, beside Go's. */
  rssMiB: number | null;
  goRssMiB: number | null;
}

const isSeedRow = (name: string) => {
  const variant = findVariant(name);
  return variant?.kind === 'ts' && variant.seedRow !== undefined;
};

const ioP99 = (s: CellSummary) => s.groups[1]?.p99Ms ?? null;

/** The answer's cells of a run (none when the answer was not measured). */
export function answerCells(
  all: readonly MeasurementRecord[],
  summaries: readonly CellSummary[],
  nativeLimitReqPerSec: number | undefined,
): AnswerCell[] {
  const records = primaryRecords(all);
  const node = summaries.filter((s) => s.runtime === SYSTEM_RUNTIME && s.transport === undefined);
  const cells: AnswerCell[] = [];
  for (const mine of node.filter((s) => s.variant === ANSWER_VARIANT)) {
    const { scenario, clients, n } = mine;
    if (!['io', 'cpu', 'heavy', 'mixed'].includes(scenario)) continue;
    const same = node.filter((s) => s.scenario === scenario && s.clients === clients && s.n === n);
    const go = same.find((s) => s.variant === GO_VARIANT);
    const measure: AnswerMeasure =
      scenario === 'mixed' ? 'p99Ms' : mine.placement !== undefined ? 'cpuUsPerReply' : 'reqPerSec';
    const value = (s: CellSummary) =>
      s.notServed !== 0 && measure !== 'p99Ms'
        ? null
        : measure === 'p99Ms'
          ? ioP99(s)
          : measure === 'cpuUsPerReply'
            ? s.cpuUsPerReply
            : s.reqPerSec.median;
    const lowerIsBetter = measure !== 'reqPerSec';
    const seeds = same.filter((s) => isSeedRow(s.variant) && (value(s) ?? 0) > 0);
    const best = seeds.sort((a, b) => ((value(a) ?? 0) - (value(b) ?? 0)) * (lowerIsBetter ? 1 : -1))[0];
    const side = (variant: string): Side => ({ variant, runtime: SYSTEM_RUNTIME, scenario, clients, n });
    const metric = measure;
    cells.push({
      scenario,
      clients,
      n,
      measure,
      ...(mine.offered === undefined ? {} : { offered: mine.offered }),
      answer: value(mine) ?? 0,
      go: go === undefined ? null : value(go),
      best: best === undefined ? undefined : { variant: best.variant, value: value(best) ?? 0 },
      vsGo: go === undefined ? null : sideRatio(records, side(ANSWER_VARIANT), side(GO_VARIANT), metric),
      vsBest:
        best === undefined ? null : sideRatio(records, side(ANSWER_VARIANT), side(best.variant), metric),
      ...(scenario === 'heavy' && nativeLimitReqPerSec !== undefined && nativeLimitReqPerSec > 0
        ? { ceilingShare: mine.reqPerSec.median / nativeLimitReqPerSec }
        : {}),
      rssMiB: mine.serverRssMiB,
      goRssMiB: go?.serverRssMiB ?? null,
    });
  }
  return cells;
}

/** Whether a cell meets the answer's target, in words ('' when it cannot be told). */
export function answerVerdict(cell: AnswerCell): string {
  const r = cell.vsGo;
  if (r === null) return '';
  if (cell.measure === 'cpuUsPerReply') {
    // req/s here measures where threads ran (placement.ts): judged on CPU per reply only.
    if (r.significance === 'lower') return 'met: less CPU per reply than Go';
    if (r.significance === '~') return `CPU per reply ~ Go's`;
    return `missed: ${r.estimate.toFixed(2)}× Go's CPU per reply`;
  }
  if (cell.scenario === 'mixed') {
    const high = r.interval?.high ?? Number.POSITIVE_INFINITY;
    if (high <= ANSWER_GOAL_P99_VS_GO) return `met (p99 ≤ ${ANSWER_GOAL_P99_VS_GO}× Go's, whole interval)`;
    return r.estimate <= ANSWER_GOAL_P99_VS_GO
      ? `met in estimate; interval reaches ${high.toFixed(1)}×`
      : `missed: p99 ${r.estimate.toFixed(1)}× Go's`;
  }
  const ahead = r.significance === 'higher';
  const ceiling =
    cell.ceilingShare === undefined
      ? ''
      : `; ${Math.round(cell.ceilingShare * 100)} % of the ceiling${cell.ceilingShare >= ANSWER_GOAL_CEILING ? '' : ` (goal ${ANSWER_GOAL_CEILING * 100} %)`}`;
  if (ahead && r.estimate >= ANSWER_GOAL_VS_GO) return `met${ceiling}`;
  if (ahead) return `ahead, short of ${ANSWER_GOAL_VS_GO}×${ceiling}`;
  return `${r.significance === '~' ? 'not shown ahead' : 'behind'}${ceiling}`;
}
