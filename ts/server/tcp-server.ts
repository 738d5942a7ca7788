import net, { type AddressInfo, type Socket } from 'node:net';
import type { ComputeStrategy } from '../compute/strategy.js';
import { formatError } from '../protocol.js';
import { toBunNativeSocket } from './bun-native-socket.js';
import { Connection } from './connection.js';
import { ConnectionLimit } from './fd-limit.js';
import { listenOn } from './listen.js';
import type { ServerOptions } from './options.js';
import { acceptQueued } from './read-before-close.js';
import { moveToSharedReads, SHARED_READS_RUNTIME } from './shared-read-socket.js';
import { emptyReport, type ShutdownReport } from './shutdown-report.js';

/**
 * The longest a refused client's socket stays open on the server when its `ERR EBUSY` cannot be
 * written at once (the client does not read). Normally it is closed as soon as the reply is out.
 */
const REFUSED_LINGER_MS = 1000;

/** How connections are admitted: all at once, or one at a time (the seed's one_server). */
export type Admission = 'concurrent' | 'one-at-a-time';

/**
 * The TCP transport every variant uses: accepts connections, applies the connection limits,
 * and runs one {@link Connection} per client against the compute strategy.
 */
export class FibServer {
  readonly #strategy: ComputeStrategy;
  readonly #options: ServerOptions;
  readonly #admission: Admission;
  readonly #server: net.Server;
  readonly #connections = new Set<Connection>();
  // One-at-a-time admission: accepted sockets wait here, paused and unanswered, in order.
  readonly #waiting: Socket[] = [];
  // Refused sockets until they are closed: a shutdown closes them too, it never waits for them.
  readonly #refused = new Set<Socket>();
  // --max-connections, or lower when the fd limit does not leave room for it (fd-limit.ts).
  /** --max-connections fitted to the fd limit (its clamp goes in the readiness line). */
  readonly connectionLimit: ConnectionLimit;
  #shutdown: Promise<ShutdownReport> | undefined;
  // Resolves the shutdown's wait once the last connection has closed.
  #lastClosed: (() => void) | undefined;
  // What the shutdown did.
  readonly #report: ShutdownReport;
  // Connections closed by --shutdown-timeout; once it has passed (or the shutdown is over), no new ones.
  readonly #cut = new WeakSet<Connection>();
  #serving = true;

  constructor(strategy: ComputeStrategy, options: ServerOptions, admission: Admission) {
    this.#strategy = strategy;
    this.#options = options;
    this.#admission = admission;
    this.#report = emptyReport(options.shutdownTimeoutMs);
    this.connectionLimit = new ConnectionLimit(options.maxConnections, strategy.name);
    // allowHalfOpen: a client may send its requests and end its side before the replies come.
    // On Node every connection moves onto the shared read buffer (shared-read-socket.ts): the
    // listener accepts it paused, so nothing is read before the move.
    const waits = admission === 'one-at-a-time';
    this.#server = net.createServer({ allowHalfOpen: true, pauseOnConnect: SHARED_READS_RUNTIME || waits });
    this.#server.on('connection', (socket) =>
      this.#accept(SHARED_READS_RUNTIME ? moveToSharedReads(socket, waits) : socket),
    );
  }

  /** Binds and listens, then fits the connection limit to the fd limit; resolves with the bound address. */
  listen(): Promise<AddressInfo> {
    return this.connectionLimit.listen((backlog) => listenOn(this.#server, this.#options, backlog));
  }

  /**
   * Graceful shutdown: close refused sockets, answer every line each connection (and each
   * connection still waiting for its turn) has sent — computed if in flight, else
   * `ERR ESHUTDOWN` — and close it; accept, and drain likewise, the connections the kernel
   * already holds (read-before-close.ts), then stop listening; past shutdownTimeoutMs close
   * whatever is left; then end the strategy (dropping work no connection waits for). Resolves
   * with what it did.
   */
  shutdown(): Promise<ShutdownReport> {
    this.#shutdown ??= this.#doShutdown();
    return this.#shutdown;
  }

  /**
   * Serves a socket accepted elsewhere (a cluster worker gets its connections from the primary),
   * under the same limits as one accepted here.
   */
  adopt(socket: Socket): void {
    // On Bun it is served on Bun's native socket (bun-native-socket.ts).
    this.#accept(toBunNativeSocket(socket));
  }

  async #doShutdown(): Promise<ShutdownReport> {
    const timer = setTimeout(() => this.#cutOff(), this.#options.shutdownTimeoutMs);
    for (const socket of this.#refused) socket.destroy();
    for (const socket of this.#waiting.splice(0)) this.#serve(socket).drain();
    for (const connection of this.#connections) connection.drain();
    // Not listening (a cluster worker): the wait is for the connections only.
    if (this.#server.listening) {
      await acceptQueued(this.#server, this.#options.shutdownTimeoutMs);
      this.#server.close();
    }
    const closed = new Promise<void>((resolve) => {
      this.#lastClosed = resolve;
    });
    this.#checkLastClosed();
    await closed;
    this.#serving = false;
    clearTimeout(timer);
    await this.#strategy.close();
    return { ...this.#report };
  }

  /** --shutdown-timeout: whatever is still open is closed, its replies lost. */
  #cutOff(): void {
    this.#serving = false;
    for (const connection of this.#connections) {
      this.#cut.add(connection);
      this.#report.cutOff++;
      this.#report.unanswered += connection.pending;
      connection.destroy();
    }
  }

  #accept(socket: Socket): void {
    // Past the shutdown's timeout nothing more is served; before it, a connection the kernel
    // held when the signal came is served and drained (see shutdown).
    if (!this.#serving) {
      socket.destroy();
      return;
    }
    // Measured (docs/per-reply-cost.md): Nagle saves nothing per reply at n=1 and stalls replies
    // that settle apart (offloaded, pipelined) for a delayed ACK, ~40 ms.
    socket.setNoDelay(true);
    if (this.#connections.size + this.#waiting.length >= this.connectionLimit.limit) {
      this.#refuse(socket);
      return;
    }
    if (this.#shutdown !== undefined) {
      this.#serve(socket).drain();
      return;
    }
    if (this.#admission === 'one-at-a-time' && this.#connections.size > 0) {
      this.#waiting.push(socket);
      socket.on('error', () => {});
      socket.once('close', () => {
        const at = this.#waiting.indexOf(socket);
        if (at >= 0) this.#waiting.splice(at, 1);
      });
      return;
    }
    this.#serve(socket);
  }

  /**
   * `ERR EBUSY`, then the socket is closed by the server once the reply is out (or after
   * REFUSED_LINGER_MS), whatever the client does: a refused client holds no file descriptor
   * here. What it sent is read and dropped meanwhile, so that the close is a FIN, not a reset
   * that could destroy the reply before the client reads it.
   */
  #refuse(socket: Socket): void {
    this.#refused.add(socket);
    socket.on('error', () => {});
    const linger = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS);
    linger.unref();
    socket.once('close', () => {
      clearTimeout(linger);
      this.#refused.delete(socket);
      this.#checkLastClosed();
    });
    socket.resume();
    socket.end(formatError('EBUSY', 'too many connections'), () => setImmediate(() => socket.destroy()));
  }

  /** A connection closed during the shutdown: drained, unless the timeout cut it off (counted there). */
  #count(connection: Connection): void {
    const { answered, refused } = connection.drainCounts;
    this.#report.answered += answered;
    this.#report.refused += refused;
    if (!this.#cut.has(connection)) this.#report.drained++;
  }

  #checkLastClosed(): void {
    if (this.#connections.size === 0 && this.#refused.size === 0) this.#lastClosed?.();
  }

  #serve(socket: Socket): Connection {
    const connection = new Connection(socket, this.#strategy.connect(), this.#options);
    this.#connections.add(connection);
    socket.once('close', () => {
      this.#connections.delete(connection);
      if (this.#shutdown !== undefined) this.#count(connection);
      const next = this.#shutdown === undefined ? this.#waiting.shift() : undefined;
      if (next !== undefined) this.#serve(next);
      this.#checkLastClosed();
    });
    if (socket.isPaused()) socket.resume();
    return connection;
  }
}
