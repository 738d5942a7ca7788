import net from 'node:net';
import { DEFAULT_REPLY_TIMEOUT_MS } from './line-client.js';
import { settledWithin } from './wait-until.js';

/** One HTTP response as the server sent it. */
export interface HttpResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
}

/**
 * A test client for the HTTP transport over a raw socket, so a test controls every byte:
 * pipelining, malformed requests, trickled heads. Responses are parsed by Content-Length (every
 * fiblab server sends one) and handed out one at a time, in arrival order.
 */
export class HttpClient {
  readonly socket: net.Socket;
  readonly #port: number;
  readonly #timeoutMs: number;
  readonly #responses: HttpResponse[] = [];
  readonly #waiters: Waiter[] = [];
  #buffer = Buffer.alloc(0);
  #ended = false;
  #received = 0;
  #lastSent = '';
  /** Resolves when the connection is closed; unbounded: await {@link closedWithin} instead. */
  readonly closed: Promise<void>;

  private constructor(socket: net.Socket, port: number, timeoutMs: number) {
    this.socket = socket;
    this.#port = port;
    this.#timeoutMs = timeoutMs;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#parse();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('end', () => this.#end());
    socket.on('close', () => this.#end());
    socket.on('error', () => {});
  }

  /**
   * Connects to 127.0.0.1:port. Every wait of this client ({@link next}, {@link closedWithin})
   * fails the test after `timeoutMs`, naming what it waited for, as LineClient's do.
   */
  static connect(
    port: number,
    host = '127.0.0.1',
    timeoutMs = DEFAULT_REPLY_TIMEOUT_MS,
  ): Promise<HttpClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new HttpClient(socket, port, timeoutMs));
      });
      socket.once('error', reject);
    });
  }

  /** The request for `path` (keep-alive: HTTP/1.1's default). */
  static get(path: string): string {
    return `GET ${path} HTTP/1.1\r\nHost: fiblab\r\n\r\n`;
  }

  /** Sends raw bytes. */
  send(data: string | Uint8Array): void {
    this.#lastSent = typeof data === 'string' ? data : `<${data.length} bytes>`;
    this.socket.write(data);
  }

  /**
   * The next response, or undefined if the server closed first. Rejects after `timeoutMs` with
   * an error that says which response it waited for, on which port, after sending what.
   */
  next(timeoutMs = this.#timeoutMs): Promise<HttpResponse | undefined> {
    const response = this.#responses.shift();
    if (response !== undefined) return Promise.resolve(response);
    if (this.#ended) return Promise.resolve(undefined);
    const what = `response #${this.#received + this.#waiters.length + 1} from 127.0.0.1:${this.#port} (last sent: ${describe(this.#lastSent)})`;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          reject(new Error(`HttpClient: no ${what} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.#waiters.push(waiter);
    });
  }

  /** GET `path` and await its response. */
  async get(path: string): Promise<HttpResponse | undefined> {
    this.send(HttpClient.get(path));
    return this.next();
  }

  /** GET /fib/<n> and await the body ('<status> <body>' for anything but 200, '<closed>' if closed). */
  async fib(n: number | string): Promise<string> {
    return show(await this.get(`/fib/${n}`));
  }

  /** Awaits `count` responses. */
  async take(count: number): Promise<Array<HttpResponse | undefined>> {
    const responses: Array<HttpResponse | undefined> = [];
    for (let i = 0; i < count; i++) responses.push(await this.next());
    return responses;
  }

  /** Responses received and not yet taken, plus a partial one (for asserting that nothing arrived). */
  get buffered(): number {
    return this.#responses.length + (this.#buffer.length > 0 ? 1 : 0);
  }

  /** Resolves once the connection is closed; rejects, naming `what`, if it is not within `timeoutMs`. */
  closedWithin(what: string, timeoutMs = this.#timeoutMs): Promise<void> {
    const message = `HttpClient: 127.0.0.1:${this.#port} still open after ${timeoutMs} ms: ${what}`;
    return settledWithin(this.closed, timeoutMs, message);
  }

  /** Closes our side and waits (bounded) for the connection to close. */
  async close(): Promise<void> {
    this.socket.end();
    await this.closedWithin('the server did not close after our FIN');
  }

  #parse(): void {
    for (;;) {
      const headEnd = this.#buffer.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const [statusLine = '', ...lines] = this.#buffer.toString('latin1', 0, headEnd).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? Number.NaN);
      if (!Number.isInteger(length)) throw new Error(`response without content-length: ${statusLine}`);
      const bodyStart = headEnd + 4;
      if (this.#buffer.length < bodyStart + length) return;
      const body = this.#buffer.toString('utf8', bodyStart, bodyStart + length);
      this.#buffer = this.#buffer.subarray(bodyStart + length);
      this.#deliver({ status: Number(statusLine.split(' ')[1]), headers, body });
    }
  }

  #deliver(response: HttpResponse): void {
    this.#received++;
    const waiter = this.#waiters.shift();
    if (waiter === undefined) {
      this.#responses.push(response);
      return;
    }
    clearTimeout(waiter.timer);
    waiter.resolve(response);
  }

  #end(): void {
    this.#ended = true;
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve(undefined);
    }
  }
}

interface Waiter {
  resolve(response: HttpResponse | undefined): void;
  timer: NodeJS.Timeout;
}

/** What was last sent, short enough for an error message (the request line of a GET). */
function describe(sent: string): string {
  if (sent === '') return 'nothing';
  const firstLine = sent.split('\r\n', 1)[0] ?? '';
  return sent.length > firstLine.length + 2
    ? `${JSON.stringify(firstLine)}… (${sent.length} chars)`
    : JSON.stringify(sent);
}

/** A response as one string: the body without its newline for a 200, else '<status> <body>'. */
export function show(response: HttpResponse | undefined): string {
  if (response === undefined) return '<closed>';
  const body = response.body.replace(/\n$/, '');
  return response.status === 200 ? body : `${response.status} ${body}`;
}
