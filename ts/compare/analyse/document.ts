/** The JSON document a compare run writes (schemaVersion 2): a run's records and what is derived from them. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../../cli/command.js';
import type { ScenarioName } from '../scenarios.js';
import type { CompareEnvironment, MeasuredRun, MeasurementRecord, Unavailable } from '../types.js';
import { type AnswerCell, answerCells } from './answer.js';
import { type ConnectionCost, connectionCosts } from './connection-cost.js';
import { type Crossover, crossovers } from './crossover.js';
import { type LatencyCurve, latencyCurves, latencyWarnings } from './latency.js';
import { type LoadHostUse, loadHostUse } from './load-hosts.js';
import { withPlacement } from './placement.js';
import { type HeadlineRatio, headlineRatios } from './ratios.js';
import { type CellSummary, summarise } from './summary.js';
import { warningsOf } from './warnings.js';

/**
 * `<out>/<timestamp>.json`: every slice (so a saved run can be re-analysed with --from), what
 * could not run, and what was derived: summaries, headline ratios, warnings.
 */
export interface CompareDocument {
  schemaVersion: 2;
  runtimes: string[];
  environment: CompareEnvironment;
  /** The addon's own in-process fib(LONG_N), ms (median of 15). */
  nativeFibMs: number;
  /** cores ÷ nativeFibMs: the ceiling of the heavy table for compiled code. */
  nativeLimitReqPerSec: number;
  scenarios: ScenarioName[];
  clientCounts: number[];
  unavailable: Unavailable[];
  records: MeasurementRecord[];
  summaries: CellSummary[];
  headlineRatios: HeadlineRatio[];
  /** --precision: headline ratios that did not reach it within the budget (absent without --precision). */
  imprecise?: string[];
  /** fiblab's answer beside Go and the best seed row (absent when the run did not measure it). */
  answer?: AnswerCell[];
  /** The sweep's crossovers (absent when the run had no sweep). */
  crossovers?: Crossover[];
  /** Churn's cost per connection per model (absent when the run had no churn). */
  connectionCosts?: ConnectionCost[];
  /** A map run the budget ended before its planned rounds. */
  cutShort?: { done: number; planned: number };
  /** --latency: each server's latency–throughput curve and knee (absent when the run had no ladder). */
  latency?: LatencyCurve[];
  /** --load-host: each load host's clients and generator CPU over the run (absent without). */
  loadHosts?: LoadHostUse[];
  /** Open-loop slices the load generator refused, with its reason (kept so --from says it again). */
  refused?: string[];
  warnings: string[];
}

/** A saved run (`what`: --from, --baseline…), refused with the reason when it is not a schemaVersion 2 document. */
export async function readSaved(file: string, what = '--from'): Promise<CompareDocument> {
  let text: string;
  try {
    text = await readFile(resolve(file), 'utf8');
  } catch (error) {
    throw new UsageError(`${what}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let doc: Partial<CompareDocument>;
  try {
    doc = JSON.parse(text) as Partial<CompareDocument>;
  } catch {
    throw new UsageError(`${what}: ${file} is not JSON`);
  }
  if (doc.schemaVersion !== 2 || !Array.isArray(doc.records) || doc.environment === undefined) {
    throw new UsageError(
      `${what}: ${file} is not a compare results document of schemaVersion 2 (paired slices)${(doc.schemaVersion as number) === 1 ? ': it is from before paired measurement, whose records cannot be paired' : ''}`,
    );
  }
  return doc as CompareDocument;
}

/** The document of a run: its records and everything derived from them (summaries, ratios, verdicts, warnings). */
export function documentOf(
  run: MeasuredRun & Partial<Pick<CompareDocument, 'scenarios' | 'clientCounts'>>,
  scenarios: CompareDocument['scenarios'],
  clientCounts: number[],
): CompareDocument {
  const runtimes = run.runtimes ?? Object.keys(run.environment.runtimes);
  const summaries = withPlacement(summarise(run.records), run.environment);
  const ratios = headlineRatios(run.records);
  const swept = run.records.some((r) => r.scenario === 'sweep');
  const churned = run.records.some((r) => r.scenario === 'churn');
  const answer = answerCells(run.records, summaries, run.nativeLimitReqPerSec);
  const latency = latencyCurves(run.records);
  const hosts = loadHostUse(run.records);
  return {
    schemaVersion: 2,
    runtimes,
    environment: run.environment,
    nativeFibMs: run.nativeFibMs,
    nativeLimitReqPerSec: run.nativeLimitReqPerSec,
    // A saved run keeps its own plan.
    scenarios: run.scenarios ?? scenarios,
    clientCounts: run.clientCounts ?? clientCounts,
    unavailable: run.unavailable,
    records: run.records,
    summaries,
    headlineRatios: ratios,
    ...(run.imprecise === undefined ? {} : { imprecise: run.imprecise }),
    ...(answer.length > 0 ? { answer } : {}),
    ...(swept ? { crossovers: crossovers(run.records) } : {}),
    ...(churned ? { connectionCosts: connectionCosts(summaries, run.records) } : {}),
    ...(run.cutShort === undefined ? {} : { cutShort: run.cutShort }),
    ...(latency.length > 0 ? { latency } : {}),
    ...(hosts.length > 0 ? { loadHosts: hosts } : {}),
    ...(run.refused === undefined ? {} : { refused: run.refused }),
    warnings: [
      ...warningsOf(summaries, run.records, run.unavailable, ratios, run.imprecise, run.cutShort),
      ...latencyWarnings(latency, run.records),
      ...(run.refused ?? []),
    ],
  };
}
