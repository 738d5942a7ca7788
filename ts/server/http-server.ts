import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ComputeStrategy } from '../compute/strategy.js';
import { formatError } from '../protocol.js';
import { ConnectionLimit } from './fd-limit.js';
import { HttpConnection } from './http-connection.js';
import { errorReply, type HttpReply, HttpRouter, MAX_HEAD_BYTES, rawErrorResponse } from './http-protocol.js';
import { listenOn } from './listen.js';
import type { ServerOptions } from './options.js';
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
 * - shutdown: stop accepting, close idle connections, answer what is in flight with
 *   `connection: close`, refuse new requests `503 EBUSY`, close everything at --shutdown-timeout.
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
  #shutdown: Promise<void> | undefined;

  constructor(strategy: ComputeStrategy, options: ServerOptions, admission: Admission) {
    this.#strategy = strategy;
    this.#options = options;
    this.#admission = admission;
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

  /** Graceful shutdown, as the TCP transport's (see the class comment). */
  shutdown(): Promise<void> {
    this.#shutdown ??= this.#doShutdown();
    return this.#shutdown;
  }

  async #doShutdown(): Promise<void> {
    // A server that only adopts sockets (a cluster worker) never listened: it is closed once its
    // last connection is.
    const closed = this.#server.listening
      ? new Promise<void>((resolve) => this.#server.close(() => resolve()))
      : this.#lastConnectionClosed();
    for (const socket of this.#refused) socket.destroy();
    for (const [socket, connection] of this.#connections) {
      // Not yet admitted (sequential) or nothing in flight: nothing to wait for.
      if (!connection.admitted || connection.pending === 0) socket.destroy();
    }
    this.#server.closeIdleConnections();
    const timer = setTimeout(() => {
      for (const socket of this.#connections.keys()) socket.destroy();
    }, this.#options.shutdownTimeoutMs);
    await closed; // 'close' comes once the last connection has closed
    clearTimeout(timer);
    await this.#strategy.close();
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
    if (this.#shutdown !== undefined) {
      socket.destroy();
      return;
    }
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
      if (!sequential) return;
      const at = this.#queue.indexOf(connection);
      if (at >= 0) this.#queue.splice(at, 1);
      if (at === 0) this.#queue[0]?.admit();
    });
  }

  #request(req: http.IncomingMessage, res: http.ServerResponse): void {
    let immediate = DEFER_IMMEDIATE_REPLIES;
    const respond = (reply: HttpReply) => {
      if (immediate) setImmediate(() => send(res, reply, this.#shutdown !== undefined));
      else send(res, reply, this.#shutdown !== undefined);
    };
    this.#handle(req, respond);
    immediate = false;
  }

  #handle(req: http.IncomingMessage, respond: (reply: HttpReply) => void): void {
    const socket = req.socket;
    const connection = this.#connections.get(socket);
    if (this.#refused.has(socket)) respond(errorReply('EBUSY', 'too many connections', true));
    else if (connection === undefined || this.#shutdown !== undefined)
      respond(errorReply('EBUSY', 'server shutting down', true));
    else {
      const route = this.#router.route(req.method, req.url);
      if ('reply' in route) respond(route.reply);
      else connection.submit(route.n, respond);
    }
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

function send(res: http.ServerResponse, reply: HttpReply, closing: boolean): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = {
    'content-type': 'text/plain',
    'content-length': String(Buffer.byteLength(reply.body)),
    ...reply.headers,
  };
  if (reply.close === true || closing) headers.connection = 'close';
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}
