import net from 'node:net';

/** A test client for the line protocol: write raw text, await reply lines one at a time. */
export class LineClient {
  readonly socket: net.Socket;
  readonly #lines: string[] = [];
  readonly #waiters: Array<(line: string | undefined) => void> = [];
  #partial = '';
  #ended = false;
  /** Resolves when the server closes the connection. */
  readonly closed: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
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

  /** Connects to 127.0.0.1:port. */
  static connect(port: number, host = '127.0.0.1'): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new LineClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends raw text (add the `\n` yourself). */
  send(text: string | Uint8Array): void {
    this.socket.write(text);
  }

  /** The next reply line, or undefined if the server closed first. */
  next(): Promise<string | undefined> {
    const line = this.#lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.#ended) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiters.push(resolve));
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

  /** Closes our side and waits for the connection to close. */
  async close(): Promise<void> {
    this.socket.end();
    await this.closed;
  }

  #deliver(line: string): void {
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) waiter(line);
    else this.#lines.push(line);
  }

  #end(): void {
    this.#ended = true;
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }
}
