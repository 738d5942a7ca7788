import net from 'node:net';

/**
 * A client that behaves exactly like the talk's perf2.py / perf1.py: `sock.send(b'1')` — bare
 * digits, no newline — then `sock.recv(100)`: one read is the reply, whatever it holds; one
 * request in flight (a closed loop). Written here so that read framing is tested against the
 * client it exists for, not against our own line client.
 */
export class TalkClient {
  readonly #socket: net.Socket;
  readonly #reads: Buffer[] = [];
  #waiter: ((read: Buffer | undefined) => void) | undefined;
  #ended = false;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      // recv(100): at most 100 bytes per read, the rest is the next read.
      for (let at = 0; at < chunk.length; at += 100) this.#deliver(chunk.subarray(at, at + 100));
    });
    socket.on('close', () => {
      this.#ended = true;
      this.#waiter?.(undefined);
      this.#waiter = undefined;
    });
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<TalkClient> {
    return new Promise((resolve, reject) => {
      // Like the talk's client: no TCP_NODELAY (one small send per round trip is never held).
      const socket = net.connect({ port, host: '127.0.0.1', noDelay: false }, () => {
        socket.off('error', reject);
        resolve(new TalkClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** `sock.send(data)`. */
  send(data: string | Uint8Array): void {
    this.#socket.write(data);
  }

  /** `sock.recv(100)`: the next read, as text ('' once the server has closed). Bounded wait. */
  recv(timeoutMs = 60_000): Promise<string> {
    const read = this.#reads.shift();
    if (read !== undefined) return Promise.resolve(read.toString('latin1'));
    if (this.#ended) return Promise.resolve('');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        reject(new Error(`TalkClient: no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiter = (r) => {
        clearTimeout(timer);
        resolve(r === undefined ? '' : r.toString('latin1'));
      };
    });
  }

  /** One turn of the talk's loop: send `request` as is, return the one read that answers it. */
  async ask(request: string): Promise<string> {
    this.send(request);
    return this.recv();
  }

  /** Closes and waits for the close (bounded). */
  async close(): Promise<void> {
    if (this.#ended) return;
    const closed = new Promise<void>((resolve) => this.#socket.once('close', () => resolve()));
    this.#socket.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      closed,
      new Promise<void>((_, reject) => {
        timer = setTimeout(() => reject(new Error('TalkClient: server did not close')), 10_000);
      }),
    ]).finally(() => clearTimeout(timer));
  }

  #deliver(read: Buffer): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter !== undefined) waiter(read);
    else this.#reads.push(read);
  }
}
