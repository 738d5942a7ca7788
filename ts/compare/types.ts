/** The data a compare run records: one record per slice, and the servers that could not run. */
import type { Environment } from '../environment.js';
import type { GroupReport } from '../load/types.js';
import type { NoiseSample } from '../noise/proc-stat.js';
import type { OfferedLoad, ScenarioName } from './scenarios.js';

/** Latency in milliseconds (the load generator records µs). */
export interface LatencyMs {
  p50: number;
  p90: number;
  p99: number;
  /** Open-loop figures only (records of closed-loop slices stay as they were). */
  p99_9?: number;
  max: number;
}

/** An open-loop group's schedule as the load generator kept it (rates req/s, lateness ms, its own lag µs). */
export type OpenLoopFigures = NonNullable<GroupReport['openLoop']>;

/** One group's figures inside a cell (the mixed scenario has two). */
export interface GroupFigures {
  n: number;
  clients: number;
  reqPerSec: number;
  latencyMs: LatencyMs | null;
  notServed: number;
  /** The whole latency distribution (µs, HDR compressed base64), for scenarios that plot it (mixed). */
  latencyHistogram?: string;
  /** An open-loop group: its latencies are from the intended send times; this is how its schedule was kept. */
  openLoop?: OpenLoopFigures;
}

/** One slice: DESIGN.md's result record, plus what the tables and the statistics need. */
export interface MeasurementRecord {
  variant: string;
  runtime: string;
  /** Present for a slice over HTTP; absent over the line protocol (records stay as they were). */
  transport?: 'http';
  scenario: ScenarioName;
  clients: number;
  /** The request size; for mixed, the CPU client's n (the groups say the rest). */
  n: number;
  /** An open-loop cell's offered load (the latency ladder's step; mixed's I/O rate); absent = closed loop. */
  offered?: OfferedLoad;
  /** The round it belongs to: slices of one round were measured back to back and are paired. */
  round: number;
  reqPerSec: number;
  latencyMs: LatencyMs | null;
  errors: number;
  wrongAnswers: number;
  notServed: number;
  /** Server tree CPU over the slice, % of one core; null where it could not be read. */
  serverCpu: number | null;
  /** µs of server-tree CPU per reply (correct or error) over the slice: a model's efficiency. */
  cpuUsPerReply: number | null;
  /** Peak resident memory of the server tree so far, MiB. */
  serverRssMiB: number | null;
  /** Why `serverCpu` or `cpuUsPerReply` is null (the tables write "n/a (reason)"); absent in older runs. */
  cpuNa?: string;
  /** Why `serverRssMiB` is null. */
  rssNa?: string;
  /**
   * A sampler whose CPU clock is too coarse for one slice (procps `ps`: whole seconds): the window's
   * CPU as read (off by under one step per process of the tree), the step, the window, its replies and
   * the tree's processes (each process's time is read in whole steps). A cell adds them
   * up over its rounds (analyse/cpu-whole.ts).
   */
  coarseCpu?: { cpuMs: number; stepMs: number; windowMs: number; replies: number; processes: number };
  /** The load generator's own CPU over the measured window, % of one core (all its threads). */
  clientCpu: number;
  /** Worker threads the load generator ran its clients on. */
  clientWorkers: number;
  /**
   * --load-host: each host's clients, generator CPU over its window (% of one core; `clientCpu` adds
   * them up) and worker threads, and when its clients started, ms after the first host's.
   */
  loadHosts?: { host: string; clients: number; clientCpu: number; workers: number; startMs: number }[];
  durationS: number;
  /** Steal and other processes' CPU during the slice (null where the machine's times cannot be read). */
  noise: NoiseSample | null;
  groups: GroupFigures[];
  warnings: string[];
}

/** How long each part of a slice lasts. */
export interface Timing {
  /** Warm-up of a server right after it starts (JIT, pools), not measured. */
  startWarmupS: number;
  /** Warm-up of each slice (connections, the first replies), not measured. */
  warmupS: number;
  /** Measured time of each slice. */
  sliceS: number;
}

/** A variant that could not be measured, and why (`failed: …` when it crashed while measured). */
export interface Unavailable {
  variant: string;
  runtime: string;
  reason: string;
}

/** Which samplers a run read, how precisely, and what they cannot give (each "n/a" with its reason). */
export interface SamplingReport {
  /** Where the server tree's CPU and memory come from (`Linux /proc`, `ps (POSIX process table)`, …). */
  process: string;
  /** The step of its CPU readings, ms (null: not known). */
  cpuResolutionMs: number | null;
  /** How its peak memory is had. */
  peakRss: string;
  /** Where the machine's load (steal, other processes) comes from. */
  machine: string;
  /** What this run's tables cannot show here, each `column: reason`. */
  missing: string[];
}

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
  /** The samplers read (runs saved before they were named have none). */
  sampling?: SamplingReport;
}

/** What measuring a run gives, before any analysis. */
export interface MeasuredRun {
  environment: CompareEnvironment;
  records: MeasurementRecord[];
  unavailable: Unavailable[];
  runtimes: string[];
  nativeFibMs: number;
  nativeLimitReqPerSec: number;
  /** --precision: the headline ratios that did not reach it within the budget. */
  imprecise?: string[];
  /** A map run that ended before its planned rounds because the budget ran out: rounds done of planned. */
  cutShort?: { done: number; planned: number };
  /**
   * Open-loop slices the load generator refused (a rate it cannot keep on this machine), with its
   * reason; with --load-host also slices a failed host lost, and slices whose hosts started too far apart.
   */
  refused?: string[];
}
