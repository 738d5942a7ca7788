/** The JSON document a compare run writes (schemaVersion 1), and the environment header above every report. */
import { type Environment, formatEnvironment } from '../../environment.js';
import type { NoiseSample } from '../../noise/proc-stat.js';
import type { AnswerCell } from '../analyse/answer.js';
import type { ConnectionCost } from '../analyse/connection-cost.js';
import type { Crossover } from '../analyse/crossover.js';
import type { HeadlineRatio } from '../analyse/ratios.js';
import type { CellSummary } from '../analyse/summary.js';
import type { MeasurementRecord, Timing } from '../measure/slice.js';
import type { ScenarioName } from '../scenarios.js';
import type { Unavailable } from './tables.js';

/** The environment of a run: the machine, the tools, the runtimes and how the run was made. */
export interface CompareEnvironment extends Environment {
  runtimes: Record<string, string>;
  npm: string;
  cargo: string;
  go: string;
  python: string;
  timing: Timing;
  rounds: number;
  /** --precision asked for (a fraction), or null. */
  precision: number | null;
  /** The machine over one second before the run: steal and other processes' share. */
  atStart: NoiseSample | null;
  plan: { servers: number; slicesPerRound: number };
  /** Where the servers ran (this machine, pinned CPUs, or a remote host). */
  servers?: string;
}

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
  warnings: string[];
}

/** The header above every report. */
export function headerOf(environment: CompareEnvironment): string {
  const { timing: t, plan } = environment;
  const runtimes = Object.entries(environment.runtimes)
    .map(([name, v]) => `${name} ${v}`)
    .join(' · ');
  return `${formatEnvironment(environment)}
tools    npm ${environment.npm} · ${environment.cargo} · ${environment.go} · ${environment.python}
runtimes ${runtimes}
load     ${environment.rounds} rounds × ${plan.slicesPerRound} slices (${plan.servers} servers, all started first); slice ${t.warmupS} s warm-up + ${t.sliceS} s measured${environment.precision === null ? '' : `; --precision ${Math.round(environment.precision * 100)} %`}
servers  ${environment.servers ?? 'this machine'}
machine  at start: steal ${environment.atStart?.stealPct ?? 'n/a'} %, other processes ${environment.atStart?.othersPct ?? 'n/a'} % of the machine
note     server and load generator share the ${environment.cores} cores: compare ratios within this run, not with other machines`;
}
