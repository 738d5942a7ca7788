/**
 * The connection limit a process can keep within its file-descriptor limit. Past that limit an
 * accept fails with EMFILE and libuv closes the new connection without a word (its "EMFILE
 * trick"), which a client cannot tell from a crash; kept below it, one more client gets the
 * ordinary refusal (`ERR EBUSY`, HTTP 503) instead.
 */

import type { AddressInfo } from 'node:net';
import { fdLimit, openFds } from '../platform/fd-limit.js';

/** Node's default listen backlog (net.Server.listen): kept when the fd limit leaves room for it. */
export const DEFAULT_BACKLOG = 511;

/**
 * File descriptors of a worker thread (its event loop's epoll and wake-up fds), measured on
 * Node 20: worker-per-connection starts one per connection, so each of its connections costs
 * this many more than its socket.
 */
const WORKER_THREAD_FDS = 4;

/** The connection limit as the fd limit allows it, when that is lower than --max-connections. */
export interface FdClamp {
  /** The effective limit: one more connection is refused. */
  maxConnections: number;
  /** The process's soft RLIMIT_NOFILE. */
  fdLimit: number;
  /** Descriptors in use once the server was ready (strategy, listening socket, runtime). */
  openAtStart: number;
  /** Descriptors kept free for refused sockets until they are closed. */
  reserve: number;
}

/**
 * This process's soft limit on open files (platform/fd-limit.ts: /proc on Linux, `ulimit -n`
 * elsewhere on POSIX, none on Windows). Undefined when unknown or unlimited: then nothing is clamped.
 */
export function readFdLimit(): number | undefined {
  return fdLimit();
}

/** Descriptors open in this process now; undefined when unknown. */
export function countOpenFds(): number | undefined {
  return openFds();
}

/** What one connection holds: its socket, and on worker-per-connection its worker thread's. */
export function fdsPerConnection(strategyName: string): number {
  return strategyName === 'worker-per-connection' ? 1 + WORKER_THREAD_FDS : 1;
}

/**
 * Descriptors kept free for refused sockets: each holds one until its refusal is written
 * (at least one turn of the event loop), so a burst of refusals needs this many at once.
 * An eighth of the limit, 16 to 128.
 */
export function refusalReserve(fdLimit: number): number {
  return Math.min(128, Math.max(16, Math.floor(fdLimit / 8)));
}

/**
 * The connection limit within `fdLimit`, or undefined when `configured` already fits (or the
 * limit is unknown). Throws when the limit leaves no room for even one connection.
 */
export function fdClamp(
  configured: number,
  perConnection: number,
  fdLimit: number | undefined = readFdLimit(),
  openAtStart: number | undefined = countOpenFds(),
): FdClamp | undefined {
  if (fdLimit === undefined || openAtStart === undefined) return undefined;
  const reserve = refusalReserve(fdLimit);
  const fits = Math.floor((fdLimit - openAtStart - reserve) / perConnection);
  if (configured <= fits) return undefined;
  if (fits < 1) {
    throw Object.assign(
      new Error(
        `the file-descriptor limit (${fdLimit}) leaves no room for a connection: ${openAtStart} in use at start, ${reserve} kept for refusals; raise it (ulimit -n)`,
      ),
      { code: 'EMFILE' },
    );
  }
  return { maxConnections: fits, fdLimit, openAtStart, reserve };
}

/**
 * The listen backlog: at most the descriptors left once `maxConnections` are open (never less
 * than the reserve). libuv accepts everything queued in one go and a refused socket holds its
 * descriptor until the next turns, so a queue longer than that could run out mid-burst; what
 * does not fit in the queue waits in the client's SYN retries instead, and is answered later.
 */
export function listenBacklog(
  maxConnections: number,
  perConnection: number,
  fdLimit: number | undefined = readFdLimit(),
  openNow: number | undefined = countOpenFds(),
): number {
  if (fdLimit === undefined || openNow === undefined) return DEFAULT_BACKLOG;
  const left = fdLimit - openNow - maxConnections * perConnection;
  return Math.min(DEFAULT_BACKLOG, Math.max(refusalReserve(fdLimit), left));
}

/** The readiness line's facts for a clamp (`maxConnections=200 fdLimit=256`); none when not clamped. */
export function clampFacts(clamp: FdClamp | undefined): Record<string, number> {
  return clamp === undefined ? {} : { maxConnections: clamp.maxConnections, fdLimit: clamp.fdLimit };
}

/** The one warning a clamped server prints on stderr. */
export function warnFdClamp(clamp: FdClamp, configured: number): void {
  process.stderr.write(
    `fiblab: warning: --max-connections ${configured} lowered to ${clamp.maxConnections}: the file-descriptor limit is ${clamp.fdLimit} (${clamp.openAtStart} in use at start, ${clamp.reserve} kept for refusals)\n`,
  );
}

/**
 * A server's connection limit, fitted to the fd limit once the server listens: what both
 * transports (tcp-server.ts, http-server.ts) hold. `limit` is the configured --max-connections
 * until {@link ConnectionLimit.listen} fitted it.
 */
export class ConnectionLimit {
  readonly #configured: number;
  readonly #perConnection: number;
  #limit: number;
  #clamp: FdClamp | undefined;

  constructor(maxConnections: number, strategyName: string) {
    this.#configured = maxConnections;
    this.#limit = maxConnections;
    this.#perConnection = fdsPerConnection(strategyName);
  }

  /** Open connections allowed now; one more is refused (`ERR EBUSY`, HTTP 503). */
  get limit(): number {
    return this.#limit;
  }

  /** The clamp {@link fit} applied, if any (for the readiness line). */
  get clamp(): FdClamp | undefined {
    return this.#clamp;
  }

  /** Listens with a backlog within the fd limit, lets the strategy's threads open theirs, then fits. */
  async listen(bind: (backlog: number) => Promise<AddressInfo>): Promise<AddressInfo> {
    const address = await bind(listenBacklog(this.#configured, this.#perConnection));
    // One turn of the loop first: threads the strategy started open their descriptors on their own.
    await new Promise((resolve) => setImmediate(resolve));
    this.fit();
    return address;
  }

  /**
   * Lowers the limit to what the fd limit leaves room for, counting the descriptors open now,
   * and warns once on stderr. Clients past it get `ERR EBUSY` rather than the silent close of a
   * failed accept.
   */
  fit(): FdClamp | undefined {
    this.#clamp = fdClamp(this.#configured, this.#perConnection);
    if (this.#clamp !== undefined) {
      this.#limit = this.#clamp.maxConnections;
      warnFdClamp(this.#clamp, this.#configured);
    }
    return this.#clamp;
  }
}
