/**
 * The load generator's public types: what `runLoad` takes and what it returns. The returned
 * {@link LoadReport} is also the `--json` document, so every field here is part of a schema.
 */
import type { Environment } from '../environment.js';
import type { ProtocolErrorCode } from '../protocol.js';

/** What the clients speak: the line protocol, or HTTP/1.1. */
export type LoadTransport = 'tcp' | 'http';

/** The line protocol's error codes, as the report counts them (defined once, in protocol.ts). */
export type ErrorReplyCode = ProtocolErrorCode;

/**
 * One group of identical clients: `clients` connections, each sending `n`. Without `rate` they
 * are closed-loop (send, wait for the reply, send again); with `rate` they are open-loop.
 */
export interface GroupSpec {
  /** The request every client of the group sends, again and again. */
  n: number;
  /** How many connections (closed loop: one request in flight each). */
  clients: number;
  /**
   * Open loop: requests per second over all of the group's connections, sent on a fixed schedule
   * whatever the replies do (each connection rate/clients, offset so the group's sends interleave).
   * Latency counts from each request's intended send time, so a stall counts once for every request
   * that should have gone out during it. Absent: closed loop.
   */
  rate?: number;
  /**
   * One load host's part of the group in a run spread over several hosts: this generator runs
   * connections `first` to `first + count - 1` of the group's `clients` (their ports, client
   * numbers and open-loop send times are the ones a single generator would give them). Absent:
   * all of them.
   */
  share?: { first: number; count: number };
}

/** What {@link runLoad} needs; every field but `groups` has a default in `LOAD_DEFAULTS`. */
export interface LoadOptions {
  /** One or more groups, each reported on its own (`--mix 30x1,1x1` is two groups). */
  groups: GroupSpec[];
  /** Server address (default 127.0.0.1). */
  host?: string;
  /**
   * `tcp`: the line protocol (default). `http`: HTTP/1.1 keep-alive, `GET /fib/<n>` (a server
   * started with `--transport http`); the same closed loop, the same checks, the same report.
   */
  transport?: LoadTransport;
  /**
   * TCP: `line` sends `n\n` (default); `read` sends bare `n`, no newline, for a server that takes
   * one request per read (`serve --framing read`, the talk's servers). Replies end in `\n` either way.
   */
  framing?: 'line' | 'read';
  /** Ports; clients are assigned round-robin across them, in group order (default [25000]). */
  ports?: number[];
  /** Measured window in seconds (default 5). */
  durationS?: number;
  /** Seconds of load before the measured window; replies in it are not counted (default 1). */
  warmupS?: number;
  /** Seconds to wait at the end for requests still in flight before closing (default 2). */
  graceS?: number;
  /** Seconds a connect may take before it counts as failed (default 5). */
  connectTimeoutS?: number;
  /** Worker threads running the clients (default min(clients, available cores)). */
  workers?: number;
  /**
   * Each request on a new connection: connect, send, read the reply, close (default false: one
   * kept-alive connection per client). Latency then includes the connect.
   */
  connectionPerRequest?: boolean;
  /** Called about once a second while the run lasts, e.g. to draw live progress. */
  onProgress?: (sample: ProgressSample) => void;
  /**
   * Called as the measured window opens and as it closes (on the main thread's timers, like the
   * generator's own CPU meter), e.g. to read the server's CPU time over exactly that window.
   */
  onWindow?: (edge: 'open' | 'close') => void;
}

/** One live progress sample: the current rate over the last second and where the run stands. */
export interface ProgressSample {
  phase: 'warm-up' | 'measuring';
  /** Seconds since the clients started sending. */
  elapsedS: number;
  /** Warm-up plus duration, in seconds. */
  totalS: number;
  /** Correct replies per second since the previous sample, all groups together. */
  reqPerSec: number;
}

/** Latency of correct replies in the measured window, in microseconds (HDR histogram, 3 digits). */
export interface LatencySummary {
  /** Number of recorded replies (equals `requests`). */
  samples: number;
  min: number;
  mean: number;
  /** Standard deviation. */
  stdev: number;
  p50: number;
  p90: number;
  p99: number;
  p99_9: number;
  max: number;
}

/** Error replies counted by protocol code; `other` is any `ERR` line with an unknown code. */
export type ErrorReplyCounts = Record<ErrorReplyCode | 'other', number>;

/** A reply that was neither the exact fib(n) nor an `ERR` line (first few kept as evidence). */
export interface WrongAnswer {
  client: number;
  n: number;
  expected: string;
  /** The reply line without its newline, cut at 64 bytes. */
  got: string;
}

/** How one client connection ended, by whether it connected at all. */
export type ClientReport =
  | {
      state: 'connect-failed';
      /** Client index, unique over the whole run. */
      client: number;
      port: number;
      /** The socket error code, e.g. ECONNREFUSED or ETIMEDOUT. */
      error: string;
    }
  | {
      state: 'connected';
      client: number;
      port: number;
      /** Correct replies in the measured window. */
      replies: number;
      /** Error replies in the measured window. */
      errors: number;
      /** Socket reads over the whole run: more reads than replies means replies arrived in pieces. */
      reads: number;
      /** Wrong answers over the whole run (correctness has no warm-up). */
      wrongAnswers: number;
      /** A request was still in flight when the measured window closed. */
      unfinished: boolean;
      /** Why the connection was lost before the end (e.g. ECONNRESET, EOF), or null if it was not. */
      lost: string | null;
    };

/** The figures reported for each group and for all groups together. */
export interface Stats {
  clients: number;
  /** Correct replies completed in the measured window. */
  requests: number;
  /** `requests / durationS`. */
  reqPerSec: number;
  /** Null when no reply was recorded. */
  latencyUs: LatencySummary | null;
  /**
   * Every latency behind `latencyUs`: the HDR histogram (µs, 3 significant digits) in
   * HdrHistogram's compressed base64 encoding (`HISTF…`), empty when nothing was recorded.
   * Decode it with hdr-histogram-js (`decodeFromCompressedBase64(text)`), or any HdrHistogram
   * library (e.g. Python's hdrh: `HdrHistogram.decode(text)`), for percentiles the summary lacks.
   */
  latencyHistogram: string;
  /** Fewest and most correct replies of one connected client (0 and 0 if none connected). */
  repliesPerClient: { min: number; max: number };
  /**
   * Connected clients that got no reply of any kind in the measured window, neither a correct
   * value nor an `ERR` reply: the server did not serve them. (A client answered only with
   * errors was served; its replies count under `errors`.)
   */
  notServed: number;
  /** Replies that were not the exact fib(n), over the whole run: always a bug somewhere. */
  wrongAnswers: number;
  /** `ERR` replies in the measured window, in total and by code. */
  errors: number;
  errorReplies: ErrorReplyCounts;
  /** Clients that could not connect, and connections lost before the end. */
  connectionFailures: { connect: number; lost: number };
  /** Clients with a request still in flight when the window closed (not counted in `requests`). */
  unfinished: number;
}

/** Three points of a distribution (p50, p99, max), in the unit the field's name says. */
export interface SpreadSummary {
  p50: number;
  p99: number;
  max: number;
}

/**
 * How an open-loop group kept its schedule over the measured window. Its Stats latencies are
 * then corrected: each from the request's intended send time, not from when it went out.
 */
export interface OpenLoopReport {
  /** The rate asked for (GroupSpec.rate), requests/s over the group's connections. */
  targetRate: number;
  /** `sent / durationS`: below the target when requests queued (or the generator fell behind) past the window's end. */
  achievedRate: number;
  /** Requests intended in the measured window and written before it closed. */
  sent: number;
  /**
   * Requests that went out later than intended because their connection was still waiting for an
   * earlier reply: the server's back-pressure. Over HTTP (and read framing) one request is on the
   * wire per connection and the rest queue, as in wrk2 and oha; the line protocol pipelines, so
   * there a request is never held back (late is 0) and a slow server shows in latency only.
   */
  late: number;
  /** By how much the late requests were late, ms (p50, p99, max over the late ones; 0s if none). */
  lateMs: SpreadSummary;
  /**
   * The generator's own lag: how long after the intended time each request was handed to the
   * socket when nothing of the server's held it back (µs). This is the generator's error, not the
   * server's: it is part of every corrected latency, and a warning says when it is a visible share.
   */
  generatorLagUs: SpreadSummary;
  /**
   * The same replies' latency from the moment the generator's clock handed each request over
   * (µs): its own lag left out, a wait behind a busy connection kept in. This is what oha's
   * --latency-correction measures (from its rate ticker's wake-up); the corrected latency of the
   * group's Stats, from the intended time, is the stricter one (wrk2's).
   */
  fromDispatchUs: SpreadSummary;
  /** Requests intended in the window that had no reply by the end of the grace period. */
  unanswered: number;
}

/** One `<n>x<clients>` group: its figures, each client, and the first wrong answers if any. */
export interface GroupReport extends Stats {
  /** e.g. `n=30 ×1`. */
  name: string;
  n: number;
  /** The ports this group's clients used. */
  ports: number[];
  clientReports: ClientReport[];
  wrongSamples: WrongAnswer[];
  /** Present only for an open-loop group (GroupSpec.rate): how it kept its schedule. */
  openLoop?: OpenLoopReport;
}

/** The load generator's own resource use over the measured window (it shares the cores with the server). */
export interface LoadGeneratorUsage {
  /** CPU time of the whole load-generator process (all threads), as % of one core. */
  cpuPercent: number;
  workers: number;
  /** Cores available to the machine (shared with the server under test). */
  cores: number;
  /** Event-loop utilisation of each worker thread, 0..1: near 1 means that worker was the ceiling. */
  eventLoopUtilization: number[];
}

/** Why a figure in the report cannot be trusted as it stands. */
export type WarningCode =
  | 'wrong-answers'
  | 'error-replies'
  | 'not-served'
  | 'connection-failures'
  | 'few-samples'
  | 'no-correct-replies'
  | 'load-generator-saturated'
  | 'generator-lag'
  | 'rate-not-achieved'
  | 'load-hosts-out-of-step';

/** One warning; `group` is the group name or null for the whole run. */
export interface LoadWarning {
  code: WarningCode;
  group: string | null;
  message: string;
}

/** One load host of a run spread over several (`--load-host`): its part and how it kept in step. */
export interface LoadHostReport {
  /** `local` or the ssh destination. */
  host: string;
  /** Its part alone: its connections, its replies, its histogram (the run's figures add these up). */
  total: Stats;
  /** Its clock minus this machine's, ms, measured over its connection; `clockErrorMs` bounds it. */
  clockOffsetMs: number;
  clockErrorMs: number;
  /** When its clients started, ms after the first host's (by its clock, corrected by the offset). */
  startMs: number;
  /** Its own generator's CPU and worker threads (the saturation warning is per host). */
  loadGenerator: LoadGeneratorUsage;
  environment: Environment;
}

/** How a run over several load hosts was spread and kept in step. */
export interface LoadHostsReport {
  /** The latest host's start after the earliest's, ms (its measured clock error aside). */
  startSpreadMs: number;
  hosts: LoadHostReport[];
}

/**
 * The result of one run, and the `fiblab load --json` document (schemaVersion 1):
 * ```
 * { schemaVersion: 1, target: {host, ports[], transport?: 'http', framing?: 'read'}, startedAt (ISO), warmupS, durationS, graceS, clients,
 *   groups: GroupReport[]  (name, n, ports[], Stats, clientReports[], wrongSamples[],
 *                           openLoop? {targetRate, achievedRate, sent, late, lateMs{p50,p99,max},
 *                                      generatorLagUs{p50,p99,max}, unanswered}  (open-loop groups only)),
 *   total: Stats           (clients, requests, reqPerSec, latencyUs{samples,min,mean,stdev,p50,p90,p99,p99_9,max} | null,
 *                           latencyHistogram (HDR, compressed base64),
 *                           repliesPerClient{min,max}, notServed, wrongAnswers, errors,
 *                           errorReplies{EINVAL,ERANGE,ETOOLONG,EBUSY,EINTERNAL,other},
 *                           connectionFailures{connect,lost}, unfinished),
 *   loadGenerator: {cpuPercent, workers, cores, eventLoopUtilization[]},
 *   environment: Environment, warnings: [{code, group, message}],
 *   loadHosts?: {startSpreadMs, hosts: [{host, total: Stats, clockOffsetMs, clockErrorMs, startMs,
 *                                        loadGenerator, environment}]}  (--load-host runs only) }
 * ```
 * Latencies are in microseconds; counts are over the measured window except wrong answers.
 */
export interface LoadReport {
  schemaVersion: 1;
  /**
   * `transport` is there only for an HTTP run, `framing` only for a read-framing run (a
   * line-protocol report is as it always was).
   */
  target: { host: string; ports: number[]; transport?: 'http'; framing?: 'read' };
  startedAt: string;
  warmupS: number;
  durationS: number;
  graceS: number;
  clients: number;
  groups: GroupReport[];
  total: Stats;
  loadGenerator: LoadGeneratorUsage;
  environment: Environment;
  warnings: LoadWarning[];
  /**
   * Present only for a run over several load hosts (`--load-host`): each host's part, clock and
   * CPU. `loadGenerator` then adds up every host's (CPU %, workers, cores) and `environment` is
   * this machine's, the one that ran the whole load.
   */
  loadHosts?: LoadHostsReport;
}
