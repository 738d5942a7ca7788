import net, { type AddressInfo, type Socket } from 'node:net';
import type { ComputeStrategy } from '../compute/strategy.js';
import { formatError } from '../protocol.js';
import { Connection } from './connection.js';
import type { ServerOptions } from './options.js';

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
  #shutdown: Promise<void> | undefined;

  constructor(strategy: ComputeStrategy, options: ServerOptions, admission: Admission) {
    this.#strategy = strategy;
    this.#options = options;
    this.#admission = admission;
    // allowHalfOpen: a client may send its requests and end its side before the replies come.
    this.#server = net.createServer({ allowHalfOpen: true, pauseOnConnect: admission === 'one-at-a-time' });
    this.#server.on('connection', (socket) => this.#accept(socket));
  }

  /** Binds and listens; resolves with the bound address. */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen({ host: this.#options.host, port: this.#options.port }, () => {
        this.#server.off('error', reject);
        resolve(this.#server.address() as AddressInfo);
      });
    });
  }

  /**
   * Graceful shutdown: stop accepting, close idle and waiting connections, let in-flight
   * requests finish (up to shutdownTimeoutMs, then close anyway), then end the strategy.
   */
  shutdown(): Promise<void> {
    this.#shutdown ??= this.#doShutdown();
    return this.#shutdown;
  }

  async #doShutdown(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#waiting.splice(0)) socket.destroy();
    for (const connection of this.#connections) connection.drain();
    const timer = setTimeout(() => {
      for (const connection of this.#connections) connection.destroy();
    }, this.#options.shutdownTimeoutMs);
    await closed; // 'close' comes once the last connection has closed
    clearTimeout(timer);
    await this.#strategy.close();
  }

  #accept(socket: Socket): void {
    if (this.#shutdown !== undefined) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    if (this.#connections.size + this.#waiting.length >= this.#options.maxConnections) {
      socket.on('error', () => {});
      socket.end(formatError('EBUSY', 'too many connections'));
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

  #serve(socket: Socket): void {
    const connection = new Connection(socket, this.#strategy.connect(), this.#options);
    this.#connections.add(connection);
    socket.once('close', () => {
      this.#connections.delete(connection);
      const next = this.#waiting.shift();
      if (next !== undefined) this.#serve(next);
    });
    if (socket.isPaused()) socket.resume();
  }
}
