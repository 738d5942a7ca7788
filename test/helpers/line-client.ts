import net from 'node:net';
import { settledWithin } from './wait-until.js';

/**
 * How long {@link LineClient.next} waits for a reply line before it fails the test. Above the
 * slowest single reply of the suite (fib(40) in JS: 0.5 to 1.5 s of CPU, by machine) with a
 * wide margin; a server that never answers fails with the name of what it waited for.
 */
export const DEFAULT_REPLY_TIMEOUT_MS = 60_000;

/** Options of {@link LineClient.connect}. */
export interface ConnectOptions {
  host?: string;
  /** Keep our side open when the server ends its side (as a client that never closes would). */
  allowHalfOpen?: boolean;
  /** Overrides {@link DEFAULT_REPLY_TIMEOUT_MS} for this client's waits. */
  timeoutMs?: number;
}

interface Waiter {
  resolve(line: string | undefined): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** A test client for the line protocol: write raw text, await reply lines one at a time. */
export class LineClient {
  readonly socket: net.Socket;
  readonly #port: number;
  readonly #timeoutMs: number;
  readonly #lines: string[] = [];
  readonly #waiters: Waiter[] = [];
  #partial = '';
  #ended = false;
  #received = 0;
  #lastSent = '';
  /** Resolves when the connection is closed (both sides). */
  readonly closed: Promise<void>;

  private constructor(socket: net.Socket, port: number, timeoutMs: number) {
    this.socket = socket;
    this.#port = port;
    this.#timeoutMs = timeoutMs;
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      const parts = (this.#partial + text).split('\n');
      this.#partial = parts.pop() ?? '';
      for (const line of parts) this.#deliver(line);
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('end', () => this.#end());
    socket.on('close', () => this.#end());
    socket.on('error', () => {});
  }

  /** Connects to 127.0.0.1:port (or `options.host`). */
  static connect(port: number, options: ConnectOptions | string = {}): Promise<LineClient> {
    const {
      host = '127.0.0.1',
      allowHalfOpen = false,
      timeoutMs = DEFAULT_REPLY_TIMEOUT_MS,
    } = typeof options === 'string' ? { host: options } : options;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host, allowHalfOpen }, () => {
        socket.off('error', reject);
        resolve(new LineClient(socket, port, timeoutMs));
      });
      socket.once('error', reject);
    });
  }

  /** Sends raw text (add the `\n` yourself). */
  send(text: string | Uint8Array): void {
    this.#lastSent = typeof text === 'string' ? text : `<${text.length} bytes>`;
    this.socket.write(text);
  }

  /**
   * The next reply line, or undefined if the server closed first. Rejects after `timeoutMs`
   * with an error that says which reply it waited for, on which port, after sending what.
   */
  next(timeoutMs = this.#timeoutMs): Promise<string | undefined> {
    const line = this.#lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.#ended) return Promise.resolve(undefined);
    const what = `reply line #${this.#received + this.#waiters.length + 1} from 127.0.0.1:${this.#port} (last sent: ${describe(this.#lastSent)})`;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          reject(new Error(`LineClient: no ${what} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.#waiters.push(waiter);
    });
  }

  /** Sends `text` and awaits one reply line. */
  async ask(text: string): Promise<string | undefined> {
    this.send(text);
    return this.next();
  }

  /** Awaits `count` reply lines. */
  async take(count: number): Promise<Array<string | undefined>> {
    const lines: Array<string | undefined> = [];
    for (let i = 0; i < count; i++) lines.push(await this.next());
    return lines;
  }

  /** Lines received and not yet taken (for asserting that nothing arrived). */
  get buffered(): number {
    return this.#lines.length + (this.#partial === '' ? 0 : 1);
  }

  /** Resolves once the connection is closed; rejects, naming `what`, if it is not within `timeoutMs`. */
  closedWithin(what: string, timeoutMs = this.#timeoutMs): Promise<void> {
    const message = `LineClient: 127.0.0.1:${this.#port} still open after ${timeoutMs} ms: ${what}`;
    return settledWithin(this.closed, timeoutMs, message);
  }

  /** Closes our side and waits (bounded) for the connection to close. */
  async close(): Promise<void> {
    this.socket.end();
    await this.closedWithin('the server did not close after our FIN');
  }

  #deliver(line: string): void {
    this.#received++;
    const waiter = this.#waiters.shift();
    if (waiter === undefined) {
      this.#lines.push(line);
      return;
    }
    clearTimeout(waiter.timer);
    waiter.resolve(line);
  }

  #end(): void {
    this.#ended = true;
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve(undefined);
    }
  }
}

function describe(sent: string): string {
  if (sent === '') return 'nothing';
  return sent.length > 40
    ? `${JSON.stringify(sent.slice(0, 40))}… (${sent.length} chars)`
    : JSON.stringify(sent);
}
