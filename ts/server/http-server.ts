import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ComputeStrategy } from '../compute/strategy.js';
import { formatError } from '../protocol.js';
import { ConnectionLimit } from './fd-limit.js';
import { HttpConnection } from './http-connection.js';
import { errorReply, type HttpReply, HttpRouter, MAX_HEAD_BYTES, rawErrorResponse } from './http-protocol.js';
import { listenOn } from './listen.js';
import type { ServerOptions } from './options.js';
import { acceptQueued, afterNextPoll, nextPoll } from './read-before-close.js';
import { emptyReport, type ShutdownReport } from './shutdown-report.js';
import type { Admission } from './tcp-server.js';

/**
 * Deno's node:http stops reading a connection for good when replies written during the parse of
 * one read fill the socket's write buffer: 2,000 pipelined requests answered on the spot stall
 * after ~1,900 (Deno 2.9.6; Node and Bun answer all; replies written on a later turn never
 * trigger it). On Deno, a reply ready at once is therefore written on the next turn.
 */
const DEFER_IMMEDIATE_REPLIES = process.versions.deno !== undefined;

/** How often node:http looks for request heads past --header-timeout: a fraction of it, at most 1 s. */
/**
 * The longest a refused connection waits for its first request (to answer it 503) before it
 * gets the 503 unasked and is closed: a refused client holds a descriptor here only that long.
 */
const REFUSED_LINGER_MS = 1000;

const checkingIntervalMs = (headerTimeoutMs: number) => Math.max(10, Math.min(1000, headerTimeoutMs / 4));

/**
 * The HTTP/1.1 transport (node:http, keep-alive): `GET /fib/<n>` with the same compute strategy,
 * the same limits and the same graceful shutdown as the TCP transport (tcp-server.ts):
 * - --max-connections (lowered to fit the fd limit, fd-limit.ts): one more connection is answered
 *   `503 EBUSY` (to its first request, or unasked after REFUSED_LINGER_MS) and closed;
 * - --idle-timeout: node's keep-alive timeout (idle after a reply; a request being computed is not idle);
 * - --header-timeout: node's headers timeout (a head must be complete in time; checked several times a period);
 * - --max-pending: requests computing per connection; more wait in order (see http-connection.ts);
 * - shutdown: read what clients sent before the signal (read-before-close.ts), answer what is in
 *   flight with `connection: close`, refuse the other requests `503 EBUSY`, close idle
 *   connections, stop accepting, close everything at --shutdown-timeout.
 */
export class FibHttpServer {
  readonly #strategy: ComputeStrategy;
  readonly #options: ServerOptions;
  readonly #admission: Admission;
  readonly #server: http.Server;
  readonly #router: HttpRouter;
  readonly #connections = new Map<Socket, HttpConnection>();
  // Over the connection limit: answered 503 to their first request and closed.
  readonly #refused = new Set<Socket>();
  // Sequential admission: connections in accept order; the first one is served.
  readonly #queue: HttpConnection[] = [];
  // --max-connections, or lower when the fd limit does not leave room for it (fd-limit.ts).
  /** --max-connections fitted to the fd limit (its clamp goes in the readiness line). */
  readonly connectionLimit: ConnectionLimit;
  #shutdown: Promise<ShutdownReport> | undefined;
  // What the shutdown did; sockets closed by --shutdown-timeout; whether connections are still served.
  readonly #report: ShutdownReport;
  readonly #cut = new WeakSet<Socket>();
  #serving = true;

  constructor(strategy: ComputeStrategy, options: ServerOptions, admission: Admission) {
    this.#strategy = strategy;
    this.#options = options;
    this.#admission = admission;
    this.#report = emptyReport(options.shutdownTimeoutMs);
    this.#router = new HttpRouter(options);
    this.connectionLimit = new ConnectionLimit(options.maxConnections, strategy.name);
    this.#server = http.createServer(
      {
        keepAlive: true,
        noDelay: true,
        maxHeaderSize: MAX_HEAD_BYTES,
        keepAliveTimeout: options.idleTimeoutMs,
        headersTimeout: options.headerTimeoutMs,
        // The head is the whole of a GET: no separate bound on the request as a whole.
        requestTimeout: 0,
        connectionsCheckingInterval: checkingIntervalMs(options.headerTimeoutMs),
      },
      (req, res) => this.#request(req, res),
    );
    this.#server.on('connection', (socket: Socket) => this.#accept(socket));
    this.#server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) =>
      this.#clientError(error, socket),
    );
  }

  /** Binds and listens, then fits the connection limit to the fd limit; resolves with the bound address. */
  listen(): Promise<AddressInfo> {
    return this.connectionLimit.listen((backlog) => listenOn(this.#server, this.#options, backlog));
  }

  /**
   * Serves a connection accepted elsewhere (a cluster worker gets its sockets from the primary):
   * node:http takes a socket handed to it through its own 'connection' event.
   */
  adopt(socket: Socket): void {
    this.#server.emit('connection', socket);
  }

  /** Graceful shutdown, as the TCP transport's (see the class comment); resolves with what it did. */
  shutdown(): Promise<ShutdownReport> {
    this.#shutdown ??= this.#doShutdown();
    return this.#shutdown;
  }

  async #doShutdown(): Promise<ShutdownReport> {
    const timer = setTimeout(() => this.#cutOff(), this.#options.shutdownTimeoutMs);
    for (const socket of this.#refused) socket.destroy();
    for (const connection of this.#connections.values()) connection.drain(shuttingDown());
    // Every connection is read once more, and the kernel's queue is accepted, before what is
    // idle is closed: a request sent before the signal is answered, never dropped.
    if (this.#server.listening) await acceptQueued(this.#server, this.#options.shutdownTimeoutMs);
    else await nextPoll();
    // A server that only adopts sockets (a cluster worker) never listened: it is closed once its
    // last connection is. close() closes idle connections too; 'close' comes after the last one.
    const closed = this.#server.listening
      ? new Promise<void>((resolve) => this.#server.close(() => resolve()))
      : this.#lastConnectionClosed();
    this.#closeIdle();
    await closed;
    this.#serving = false;
    clearTimeout(timer);
    await this.#strategy.close();
    return { ...this.#report };
  }

  /** Shutdown: closes the connections with no request in progress. */
  #closeIdle(): void {
    // node:http tracks its connections only once it listens (a cluster worker adopts sockets):
    // there, a connection owing no reply is idle (replies are sent as soon as they are ready).
    if (this.#server.listening) this.#server.closeIdleConnections();
    else for (const [socket, connection] of this.#connections) if (connection.pending === 0) socket.destroy();
  }

  /** --shutdown-timeout: whatever is still open is closed, its replies lost. */
  #cutOff(): void {
    this.#serving = false;
    for (const [socket, connection] of this.#connections) {
      this.#cut.add(socket);
      this.#report.cutOff++;
      this.#report.unanswered += connection.pending;
      socket.destroy();
    }
  }

  #lastConnectionClosed(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.#connections.size === 0) resolve();
      };
      for (const socket of this.#connections.keys()) socket.once('close', () => setImmediate(check));
      check();
    });
  }

  #accept(socket: Socket): void {
    // During a shutdown, a connection the kernel held when the signal came is served (its
    // requests refused), then closed once it is idle; past the timeout nothing is.
    if (!this.#serving) {
      socket.destroy();
      return;
    }
    if (this.#shutdown !== undefined) afterNextPoll(() => this.#closeIdle());
    socket.on('error', () => {}); // a reset by the peer is an ordinary way to leave; 'close' follows
    if (this.#connections.size >= this.connectionLimit.limit) {
      this.#refused.add(socket);
      // A client that sends no request does not hold the descriptor until the header timeout (it
      // gets the 503 unasked); one that did is answered by node:http, and closed if still open.
      const linger = setTimeout(() => {
        if (socket.bytesRead > 0) return void socket.destroy();
        const body = formatError('EBUSY', 'too many connections');
        socket.end(rawErrorResponse(503, 'Service Unavailable', body), () => socket.destroy());
      }, REFUSED_LINGER_MS);
      linger.unref();
      socket.once('close', () => {
        clearTimeout(linger);
        this.#refused.delete(socket);
      });
      return;
    }
    const sequential = this.#admission === 'one-at-a-time';
    const connection = new HttpConnection(
      socket,
      this.#strategy.connect(),
      this.#options.maxPending,
      !sequential || this.#queue.length === 0,
    );
    this.#connections.set(socket, connection);
    if (sequential) this.#queue.push(connection);
    socket.once('close', () => {
      this.#connections.delete(socket);
      if (this.#shutdown !== undefined && !this.#cut.has(socket)) this.#report.drained++;
      if (!sequential) return;
      const at = this.#queue.indexOf(connection);
      if (at >= 0) this.#queue.splice(at, 1);
      if (at === 0) this.#queue[0]?.admit();
    });
  }

  #request(req: http.IncomingMessage, res: http.ServerResponse): void {
    let immediate = DEFER_IMMEDIATE_REPLIES;
    const respond = (reply: HttpReply) => {
      const deliver = () => {
        const closing = this.#shutdown !== undefined;
        if (send(res, reply, closing) && closing) this.#countReply(reply);
      };
      if (immediate) setImmediate(deliver);
      else deliver();
    };
    this.#handle(req, respond);
    immediate = false;
  }

  #handle(req: http.IncomingMessage, respond: (reply: HttpReply) => void): void {
    const socket = req.socket;
    const connection = this.#connections.get(socket);
    if (this.#refused.has(socket)) respond(errorReply('EBUSY', 'too many connections', true));
    else if (connection === undefined || this.#shutdown !== undefined) respond(shuttingDown());
    else {
      const route = this.#router.route(req.method, req.url);
      if ('reply' in route) respond(route.reply);
      else connection.submit(route.n, respond);
    }
  }

  #countReply(reply: HttpReply): void {
    this.#report.answered++;
    if (reply.body === SHUTTING_DOWN_BODY) this.#report.refused++;
  }

  /** A request node:http could not parse or that came too slowly: one error reply, then close. */
  #clientError(error: NodeJS.ErrnoException, socket: Socket): void {
    const connection = this.#connections.get(socket);
    // Mid-reply, or replies still owed: an error response now would break the stream; just close.
    if (!socket.writable || error.code === 'ECONNRESET' || (connection?.pending ?? 0) > 0) {
      socket.destroy();
      return;
    }
    const [status, reason, code, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            'ETOOLONG',
            `request head longer than ${MAX_HEAD_BYTES} bytes`,
          ]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [
              408,
              'Request Timeout',
              'EINVAL',
              `request head not complete within ${this.#options.headerTimeoutMs / 1000}s`,
            ]
          : [400, 'Bad Request', 'EINVAL', 'malformed HTTP/1.1 request'];
    // Then close, as node:http does after its own error responses.
    socket.end(rawErrorResponse(status, reason, `ERR ${code} ${message}\n`), () => socket.destroy());
  }
}

/** The refusal of a request read during a shutdown (README: `ERR EBUSY server shutting down`). */
const shuttingDown = (): HttpReply => errorReply('EBUSY', 'server shutting down', true);
const SHUTTING_DOWN_BODY = shuttingDown().body;

/** Writes the reply unless the response is gone; says whether it did. */
function send(res: http.ServerResponse, reply: HttpReply, closing: boolean): boolean {
  if (res.destroyed || res.writableEnded) return false;
  const headers: Record<string, string> = {
    'content-type': 'text/plain',
    'content-length': String(Buffer.byteLength(reply.body)),
    ...reply.headers,
  };
  if (reply.close === true || closing) headers.connection = 'close';
  res.writeHead(reply.status, headers);
  res.end(reply.body);
  return true;
}
