/** What the main thread and a client worker say to each other (structured-cloned, so plain data only). */
import type { TickerMemory } from './ticker.js';
import type { ClientReport, ErrorReplyCounts, WrongAnswer } from './types.js';

/** A group as a worker needs it: the bytes to send and the exact bytes to expect. */
export interface WorkerGroup {
  n: number;
  request: string;
  expected: string;
  /** Each request on a new connection. */
  connectionPerRequest?: boolean;
  /** Open loop: requests per second over all of the group's connections (absent: closed loop). */
  rate?: number;
  /** Connections in the whole group, over every worker (open loop: spaces their schedules). */
  clients: number;
}

/** One client this worker runs. */
export interface WorkerClient {
  client: number;
  group: number;
  port: number;
  /** Its index within its group (0-based): an open-loop connection's place in the schedule. */
  indexInGroup: number;
}

/** The worker's `workerData`. */
export interface WorkerInput {
  /** This worker's slot in the live counters. */
  slot: number;
  host: string;
  /** Which client state machine to run: line protocol or HTTP. */
  transport: 'tcp' | 'http';
  connectTimeoutMs: number;
  /** Every group of the run, indexed by `WorkerClient.group`. */
  groups: WorkerGroup[];
  clients: WorkerClient[];
  /** `LiveCounters` memory: one Uint32 per worker, the replies it has completed so far. */
  counters: SharedArrayBuffer;
  /** Open loop: requests may be written while earlier ones are unanswered (line protocol, line framing). */
  pipelined: boolean;
  /** The ticker's shared memory when some group is open-loop (see ticker.ts). */
  ticker?: TickerMemory;
}

/** Main → worker, once every worker has connected: go (with the phase lengths), or give up. */
export type MainToWorker =
  | { type: 'start'; warmupMs: number; durationMs: number; graceMs: number }
  | { type: 'abort' };

/** A client whose connect failed. */
export interface ConnectFailure {
  client: number;
  port: number;
  error: string;
}

/** One group's figures from one worker. */
export interface WorkerGroupResult {
  group: number;
  /** The latency histogram (µs), compressed base64; merged in the main thread. */
  histogram: string;
  errorReplies: ErrorReplyCounts;
  wrongSamples: WrongAnswer[];
  /** Open-loop groups: schedule-keeping figures (histograms in µs, compressed base64). */
  openLoop?: {
    lag: string;
    fromDispatch: string;
    lateness: string;
    sent: number;
    late: number;
    unanswered: number;
  };
}

/** Worker → main: connect results first, then (after `start`) the figures. */
export type WorkerToMain =
  | { type: 'connected'; connected: number; failures: ConnectFailure[] }
  | {
      type: 'result';
      /** This thread's event-loop utilisation over its measured window, 0..1. */
      eventLoopUtilization: number;
      groups: WorkerGroupResult[];
      clients: { group: number; report: ClientReport }[];
    };
