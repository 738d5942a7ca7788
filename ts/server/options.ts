import os from 'node:os';
import { DEFAULT_MAX_N } from '../fib.js';
import { DEFAULT_MAX_LINE_BYTES } from '../protocol.js';

/** Everything a server process can be told; {@link DEFAULT_SERVER_OPTIONS} says the defaults. */
export interface ServerOptions {
  host: string;
  /** 0 = any free port (the readiness line tells which). */
  port: number;
  /** Largest n served (ERANGE above); at most MAX_EXACT_N = 78. */
  maxN: number;
  maxLineBytes: number;
  /** Unanswered requests per connection before the server stops reading it. */
  maxPending: number;
  /** Open connections per server process; one more is answered `ERR EBUSY` and closed. */
  maxConnections: number;
  /** A connection with nothing in flight and no traffic for this long is closed; 0 = never. */
  idleTimeoutMs: number;
  /** How long a graceful shutdown waits for in-flight requests before closing anyway. */
  shutdownTimeoutMs: number;
  /** Worker threads (pool), child processes (process-pool) or cluster workers. */
  workers: number;
  /** Independent processes of the `many` model, on ports port..port+instances-1. */
  instances: number;
  /** Strategies that leave the event loop answer n below this on it instead; 0 = never. */
  inlineBelow: number;
}

/** The defaults, each with its reason. */
export const DEFAULT_SERVER_OPTIONS: Readonly<ServerOptions> = {
  // Loopback: a demo server computing exponential work must not face the network by accident.
  host: '127.0.0.1',
  // The seed's port.
  port: 25000,
  // fib(40) takes about a second in JS; more turns one request into a denial of service.
  maxN: DEFAULT_MAX_N,
  // The longest valid request is 2 digits; 32 leaves room and bounds what a line can hold.
  maxLineBytes: DEFAULT_MAX_LINE_BYTES,
  // Enough pipelining to hide a round trip, small enough that memory stays bounded.
  maxPending: 64,
  // Far above any benchmark here, far below the file-descriptor limit.
  maxConnections: 1024,
  // Idle connections hold a socket (and a thread, for worker-per-connection).
  idleTimeoutMs: 60_000,
  // In-flight requests are at most a few fib(40)s.
  shutdownTimeoutMs: 5_000,
  // One per core: more only adds contention on a CPU-bound job.
  workers: os.availableParallelism(),
  // The seed's many_server ran two.
  instances: 2,
  // Off: each variant shows its strategy as it is; the flag shows where offloading starts to pay.
  inlineBelow: 0,
};
