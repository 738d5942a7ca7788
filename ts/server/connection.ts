import type { Socket } from 'node:net';
import type { ConnectionCompute } from '../compute/strategy.js';
import {
  errorMessage,
  formatError,
  formatReply,
  type ParserLimits,
  type ProtocolErrorCode,
  RequestParser,
  type RequestSink,
} from '../protocol.js';

/** Per-connection limits (see ServerOptions for their defaults and reasons). */
export interface ConnectionLimits extends ParserLimits {
  /** Requests parsed but not yet answered; at the cap the connection stops reading. */
  maxPending: number;
  /** Close after this long without traffic and with nothing in flight; 0 = never. */
  idleTimeoutMs: number;
}

/**
 * One client connection: parses its requests, hands them to the compute strategy, and writes
 * replies strictly in request order even when results arrive out of order.
 *
 * Back-pressure, without ever answering EBUSY to a well-behaved pipelining client: reading
 * stops while `maxPending` requests are unanswered (the unparsed rest of the chunk is kept),
 * or while the socket's write buffer is full; TCP flow control then slows the client down.
 */
export class Connection implements RequestSink {
  readonly #socket: Socket;
  readonly #compute: ConnectionCompute;
  readonly #limits: ConnectionLimits;
  readonly #parser: RequestParser;
  // Replies in request order from sequence number #base on; `undefined` = still computing.
  readonly #queue: Array<string | undefined> = [];
  #base = 0;
  // Replies ready to go out at the next flush, batched so a pipelined chunk costs one write.
  #out = '';
  // Bytes of the last chunk not parsed yet because the pending cap was reached.
  #unparsed: Buffer | undefined;
  #reading = true;
  #writeBlocked = false;
  #inputEnded = false;
  #draining = false;
  #closed = false;

  constructor(socket: Socket, compute: ConnectionCompute, limits: ConnectionLimits) {
    this.#socket = socket;
    this.#compute = compute;
    this.#limits = limits;
    this.#parser = new RequestParser(limits, this);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => this.#onEnd());
    socket.on('drain', () => this.#onDrain());
    socket.on('close', () => this.#onClose());
    if (limits.idleTimeoutMs > 0) {
      socket.setTimeout(limits.idleTimeoutMs);
      socket.on('timeout', () => this.#onIdle());
    }
    // A reset by the peer is an ordinary way for a client to leave; 'close' follows.
    socket.on('error', () => {});
  }

  /** Requests received and not yet answered. */
  get pending(): number {
    return this.#queue.length;
  }

  /** True once the socket is closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Graceful end: read no more requests, answer those in flight, then close. */
  drain(): void {
    this.#draining = true;
    this.#unparsed = undefined;
    this.#updateReading();
    this.#endIfDone();
  }

  /** Closes at once: in-flight requests get no reply. */
  destroy(): void {
    this.#socket.destroy();
  }

  /** RequestSink: a valid request. Returns false to stop parsing at the pending cap. */
  request(n: number): boolean {
    let result: number | Promise<number>;
    try {
      result = this.#compute.compute(n);
    } catch (error) {
      this.#reply(formatError('EINTERNAL', messageOf(error)));
      return this.#queue.length < this.#limits.maxPending;
    }
    if (typeof result === 'number') {
      this.#reply(formatReply(result));
    } else {
      const seq = this.#base + this.#queue.length;
      this.#queue.push(undefined);
      result.then(
        (value) => this.#settle(seq, formatReply(value)),
        (error: unknown) => this.#settle(seq, formatError('EINTERNAL', messageOf(error))),
      );
    }
    return this.#queue.length < this.#limits.maxPending;
  }

  /** RequestSink: a line that is not a request gets its one error reply. */
  invalid(code: 'EINVAL' | 'ERANGE' | 'ETOOLONG'): void {
    this.#reply(formatError(code, errorMessage(code, this.#limits)));
  }

  /** Sends an error reply outside the request flow (e.g. EBUSY) and closes. */
  refuse(code: ProtocolErrorCode, message: string): void {
    this.#socket.end(formatError(code, message));
  }

  #reply(line: string): void {
    if (this.#queue.length === 0) this.#out += line;
    else this.#queue.push(line);
  }

  #settle(seq: number, line: string): void {
    if (this.#closed) return;
    this.#queue[seq - this.#base] = line;
    if (seq !== this.#base) return;
    while (this.#queue.length > 0 && this.#queue[0] !== undefined) {
      this.#out += this.#queue.shift();
      this.#base++;
    }
    this.#parseUnparsed();
    this.#flush();
    this.#updateReading();
    this.#endIfDone();
  }

  #onData(chunk: Buffer): void {
    if (this.#draining) return;
    this.#parse(chunk);
    this.#flush();
    this.#updateReading();
  }

  #parse(chunk: Buffer): void {
    const consumed = this.#parser.push(chunk);
    this.#unparsed = consumed < chunk.length ? chunk.subarray(consumed) : undefined;
  }

  #parseUnparsed(): void {
    const rest = this.#unparsed;
    if (rest !== undefined && this.#queue.length < this.#limits.maxPending) this.#parse(rest);
  }

  #onEnd(): void {
    this.#inputEnded = true;
    // The client sent everything: an unterminated last line is not a request.
    if (this.#unparsed === undefined) this.#parser.end();
    this.#endIfDone();
  }

  #onDrain(): void {
    this.#writeBlocked = false;
    this.#updateReading();
  }

  #onIdle(): void {
    // Still computing is not idle: look again after another full period.
    if (this.#queue.length > 0) this.#socket.setTimeout(this.#limits.idleTimeoutMs);
    else this.#socket.end();
  }

  #onClose(): void {
    this.#closed = true;
    this.#unparsed = undefined;
    this.#compute.release();
  }

  #flush(): void {
    if (this.#out === '' || this.#closed) return;
    const ok = this.#socket.write(this.#out);
    this.#out = '';
    if (!ok) this.#writeBlocked = true;
  }

  #updateReading(): void {
    const want =
      !this.#draining &&
      !this.#writeBlocked &&
      this.#unparsed === undefined &&
      this.#queue.length < this.#limits.maxPending;
    if (want === this.#reading || this.#closed) return;
    this.#reading = want;
    if (want) this.#socket.resume();
    else this.#socket.pause();
  }

  #endIfDone(): void {
    const noMoreInput = this.#draining || (this.#inputEnded && this.#unparsed === undefined);
    if (noMoreInput && this.#queue.length === 0 && !this.#closed) {
      this.#flush();
      this.#socket.end();
      // Read on (data is dropped while draining) so that the client's FIN is seen and the
      // socket closes: on Deno a socket paused after it has read data never emits 'end'/'close'.
      this.#socket.resume();
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error && 'code' in error && error.code === 'EINTERNAL'
    ? error.message
    : 'internal error';
}
