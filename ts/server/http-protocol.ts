/**
 * The HTTP transport's protocol, as pure code (no sockets): `GET /fib/<n>` → `200` with the line
 * protocol's reply line as a text/plain body; every error is a status code with the line
 * protocol's `ERR <CODE> <message>` line as its body. The `n` segment is read by the line
 * protocol's own RequestParser, so both transports accept and refuse exactly the same requests.
 */
import {
  errorMessage,
  formatError,
  formatReply,
  type ParserLimits,
  type ProtocolErrorCode,
  RequestParser,
} from '../protocol.js';

/** The one resource: `/fib/<n>`. */
export const FIB_PATH = '/fib/';

/** node:http's default limit on a request head (request line and headers), in bytes. */
export const MAX_HEAD_BYTES = 16 * 1024;

/** The status code each protocol error code is sent with (README: "HTTP status codes"). */
export const STATUS_OF: Readonly<Record<ProtocolErrorCode, number>> = {
  EINVAL: 400,
  ERANGE: 400,
  ETOOLONG: 414,
  EBUSY: 503,
  EINTERNAL: 500,
  // The line protocol's drain and slow-line replies: over HTTP, shutting down is 503 and a head
  // that never completes is the header timeout's 408.
  ESHUTDOWN: 503,
  ETIMEDOUT: 408,
};

/** A reply: status, body (a line protocol reply line) and whether the connection closes after it. */
export interface HttpReply {
  status: number;
  body: string;
  close?: boolean;
  /** Extra headers (e.g. `allow` on a 405). */
  headers?: Record<string, string>;
}

/** The reply for a computed value. */
export function valueReply(value: number): HttpReply {
  return { status: 200, body: formatReply(value) };
}

/** The reply for a protocol error, with its status code. */
export function errorReply(code: ProtocolErrorCode, message: string, close = false): HttpReply {
  return { status: STATUS_OF[code], body: formatError(code, message), close };
}

/** What a request asks for: fib(n), or the error reply it gets instead. */
export type Route = { n: number } | { reply: HttpReply };

/**
 * Routes requests: only `GET /fib/<n>` (a query string is ignored). Holds one RequestParser
 * and so is per connection (or per server: it finishes every line it is given).
 */
export class HttpRouter {
  readonly #limits: ParserLimits;
  readonly #parser: RequestParser;
  #outcome: Route | undefined;

  constructor(limits: ParserLimits) {
    this.#limits = limits;
    this.#parser = new RequestParser(limits, {
      request: (n) => {
        this.#outcome = { n };
        return true;
      },
      invalid: (code) => {
        this.#outcome = { reply: errorReply(code, errorMessage(code, limits)) };
        return true;
      },
    });
  }

  /** The route of a request with this method and URL (as node:http gives them). */
  route(method: string | undefined, url: string | undefined): Route {
    const target = url ?? '';
    const query = target.indexOf('?');
    const path = query === -1 ? target : target.slice(0, query);
    if (!path.startsWith(FIB_PATH)) {
      return {
        reply: { status: 404, body: formatError('EINVAL', `no such path: the resource is ${FIB_PATH}<n>`) },
      };
    }
    if (method !== 'GET') {
      return {
        reply: {
          status: 405,
          body: formatError('EINVAL', `method ${method ?? ''} not allowed: use GET`),
          headers: { allow: 'GET' },
        },
      };
    }
    // The segment as a line: the parser answers with exactly one request or one error for it.
    this.#outcome = undefined;
    this.#parser.push(Buffer.from(`${path.slice(FIB_PATH.length)}\n`, 'latin1'));
    return this.#outcome ?? { reply: errorReply('EINVAL', errorMessage('EINVAL', this.#limits)) };
  }
}

/** The raw response for a request node:http could not parse (sent instead of node's bare default). */
export function rawErrorResponse(status: number, reason: string, body: string): string {
  return (
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
    `connection: close\r\n\r\n${body}`
  );
}
