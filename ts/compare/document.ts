/** The JSON document a compare run writes (schemaVersion 1), and the environment header above every report. */
import { type Environment, formatEnvironment } from '../environment.js';
import type { MeasurementRecord, Timing } from './measure.js';
import type { ScenarioName } from './scenarios.js';
import type { CellSummary } from './summary.js';
import type { Unavailable } from './tables.js';

/** The environment of a run: the machine, the tools, the runtimes and how the run was made. */
export interface CompareEnvironment extends Environment {
  runtimes: Record<string, string>;
  npm: string;
  cargo: string;
  go: string;
  python: string;
  timing: Timing;
  repeats: number;
  plan: { servers: number; cellsPerRepeat: number };
}

/** `<out>/<timestamp>.json`: every measurement, what could not run, and the summaries. */
export interface CompareDocument {
  schemaVersion: 1;
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
load     ${environment.repeats} repeat(s) × ${plan.servers} servers, ${plan.cellsPerRepeat} cells per repeat; warm-up ${t.firstWarmupS} s (then ${t.warmupS} s), ${t.durationS} s measured
note     server and load generator share the ${environment.cores} cores: compare ratios within this run, not with other machines`;
}
