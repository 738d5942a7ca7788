import type { Socket } from 'node:net';
import type { ConnectionCompute } from '../compute/strategy.js';
import {
  errorMessage,
  type Framing,
  formatError,
  formatReply,
  type ParserLimits,
  RequestParser,
  type RequestSink,
} from '../protocol.js';
import { afterNextPoll } from './read-before-close.js';
import { isShared, readSharedInto } from './shared-read-socket.js';

/** Per-connection limits (see ServerOptions for their defaults and reasons). */
export interface ConnectionLimits extends ParserLimits {
  /** Replies owed (computing, or waiting to be written) before the connection stops reading. */
  maxPending: number;
  /** Close after this long without traffic and with nothing in flight; 0 = never. */
  idleTimeoutMs: number;
  /** A line the client started must end within this long, else ERR ETIMEDOUT and close; 0 = never. */
  lineTimeoutMs: number;
  /** `read`: each read of the socket that leaves a line unterminated ends it (see RequestParser.endOfRead). */
  framing: Framing;
}

/**
 * Longest stretch of parsing and synchronous work in one turn of the event loop, for all
 * connections together. Past it each connection stops after its current request and goes on
 * from the next turn, so that signals, timers and other clients are seen between requests: a
 * shutdown or a second signal waits for at most one fib(max-n), not for a whole chunk of them.
 */
const TURN_BUDGET_MS = 2;

// When the current turn of the event loop started parsing (-1: not yet); an immediate resets it.
let turnStart = -1;
const endTurn = () => {
  turnStart = -1;
};
function turnElapsedMs(): number {
  const now = performance.now();
  if (turnStart < 0) {
    turnStart = now;
    setImmediate(endTurn);
  }
  return now - turnStart;
}

/**
 * One client connection: parses its requests, hands them to the compute strategy, and writes
 * replies strictly in request order even when results arrive out of order.
 *
 * Bounded whatever the client does, without ever answering EBUSY to a well-behaved pipelining
 * client: every reply it is owed — a value computed elsewhere or on the spot, or an `ERR` line —
 * counts toward `maxPending`; at the cap parsing stops mid-chunk (the rest is kept, the socket
 * paused) and resumes as replies go out. Replies are written in batches of at most `maxPending`,
 * and none while the socket's write buffer is full, so a client that does not read holds at most
 * the socket's high-water mark plus one batch of output here. TCP flow control slows the client.
 *
 * A graceful stop ({@link drain}) still reads what the client has sent and answers every line,
 * computed if it was already being computed, else `ERR ESHUTDOWN`, then closes.
 */
export class Connection implements RequestSink {
  readonly #socket: Socket;
  readonly #compute: ConnectionCompute;
  readonly #limits: ConnectionLimits;
  readonly #parser: RequestParser;
  // Replies in request order from sequence number #base on; `undefined` = still computing.
  readonly #queue: Array<string | undefined> = [];
  #base = 0;
  // Replies ready to go out at the next flush (#outCount of them), batched into one write.
  #out = '';
  #outCount = 0;
  // Bytes received and not parsed yet (the cap, a full write buffer or the turn's budget stopped it).
  #unparsed: Buffer | undefined;
  // Read framing only: reads that arrived while #unparsed was still held, kept apart (one request each).
  #laterReads: Buffer[] = [];
  #reading = true;
  #writeBlocked = false;
  #inputEnded = false;
  #continuing = false;
  // Graceful stop: no new computations; #drainRead once what the socket held has been read.
  #draining = false;
  #drainRead = false;
  // The latest look for what the socket held: an earlier one ending does not count.
  #drainLook = 0;
  // Replies written since the drain began, and how many of them were ERR ESHUTDOWN.
  #drainAnswered = 0;
  #drainRefused = 0;
  // No more input is parsed: our side is ending (drained, or the line timed out).
  #stopping = false;
  #ended = false;
  #closed = false;
  // Line timeout: the unfinished line (by the parser's count of ended lines) and since when.
  #lineTimer: NodeJS.Timeout | undefined;
  #lineMark = -1;
  #lineSince = 0;

  constructor(socket: Socket, compute: ConnectionCompute, limits: ConnectionLimits) {
    this.#socket = socket;
    this.#compute = compute;
    this.#limits = limits;
    this.#parser = new RequestParser(limits, this);
    if (!readSharedInto(socket, (chunk) => this.#onSharedRead(chunk)))
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

  /** Replies owed and not yet handed to the socket. */
  get pending(): number {
    return this.#queue.length + this.#outCount;
  }

  /** Since the drain began: replies written, and how many of them refused a request as shutting down. */
  get drainCounts(): { answered: number; refused: number } {
    return { answered: this.#drainAnswered, refused: this.#drainRefused };
  }

  /** True once the socket is closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Graceful end: answer what is in flight, read what the client has already sent and answer
   * each line with `ERR ESHUTDOWN`, then close.
   */
  drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    this.#readWhatIsThere();
    this.#pump();
  }

  /** Closes at once: in-flight requests get no reply. */
  destroy(): void {
    this.#socket.destroy();
  }

  /** RequestSink: a valid request. Returns false to stop parsing (cap, or the turn's budget). */
  request(n: number): boolean {
    if (this.#draining) {
      this.#drainRefused++;
      this.#push(formatError('ESHUTDOWN', errorMessage('ESHUTDOWN', this.#limits)));
      return this.#mayGoOn();
    }
    let result: number | Promise<number>;
    try {
      result = this.#compute.compute(n);
    } catch (error) {
      this.#push(formatError('EINTERNAL', messageOf(error)));
      return this.#mayGoOn();
    }
    if (typeof result === 'number') {
      this.#push(formatReply(result));
    } else {
      const seq = this.#base + this.#queue.length;
      this.#queue.push(undefined);
      result.then(
        (value) => this.#settle(seq, formatReply(value)),
        (error: unknown) => this.#settle(seq, formatError('EINTERNAL', messageOf(error))),
      );
    }
    return this.#mayGoOn();
  }

  /** RequestSink: a line that is not a request gets its one error reply, which counts too. */
  invalid(code: 'EINVAL' | 'ERANGE' | 'ETOOLONG'): boolean {
    this.#push(formatError(code, errorMessage(code, this.#limits)));
    return this.#mayGoOn();
  }

  #push(line: string): void {
    if (this.#queue.length === 0) {
      this.#out += line;
      this.#outCount++;
    } else {
      this.#queue.push(line);
    }
  }

  /** Whether parsing may go on after this reply: below the cap, and within the turn's budget. */
  #mayGoOn(): boolean {
    return this.pending < this.#limits.maxPending && turnElapsedMs() < TURN_BUDGET_MS;
  }

  #settle(seq: number, line: string): void {
    if (this.#closed) return;
    this.#queue[seq - this.#base] = line;
    if (seq !== this.#base) return;
    while (this.#queue.length > 0 && this.#queue[0] !== undefined) {
      this.#out += this.#queue.shift();
      this.#outCount++;
      this.#base++;
    }
    this.#pump();
  }

  #onData(chunk: Buffer): void {
    if (this.#stopping) return; // our side is ending: what comes now is read and dropped
    if (this.#unparsed === undefined) this.#unparsed = chunk;
    else if (this.#limits.framing === 'read') this.#laterReads.push(chunk);
    else this.#unparsed = Buffer.concat([this.#unparsed, chunk]);
    this.#pump();
  }

  /** A read into the process's shared buffer (shared-read-socket.ts): what is still held after it is copied. */
  #onSharedRead(chunk: Buffer): void {
    this.#onData(chunk);
    // Rare (the cap, a full write buffer, the turn's budget): the next read overwrites the buffer.
    if (this.#unparsed !== undefined && isShared(this.#unparsed))
      this.#unparsed = Buffer.from(this.#unparsed);
    if (this.#laterReads.length > 0)
      this.#laterReads = this.#laterReads.map((read) => (isShared(read) ? Buffer.from(read) : read));
  }

  /**
   * Parses what is held, in batches of at most `maxPending` replies, each written at once, for
   * as long as the cap, the write buffer and the turn's budget allow; then decides whether to
   * read on, go on next turn, or end.
   */
  #pump(): void {
    while (this.#unparsed !== undefined && !this.#stopping && !this.#closed) {
      this.#flush();
      if (this.#writeBlocked || this.pending >= this.#limits.maxPending) break;
      if (turnElapsedMs() >= TURN_BUDGET_MS) {
        this.#continueNextTurn();
        break;
      }
      const chunk = this.#unparsed;
      const consumed = this.#parser.push(chunk);
      if (consumed < chunk.length) {
        // Stopped mid-read (cap, budget): the rest is pushed later, and only then is the read over.
        this.#unparsed = chunk.subarray(consumed);
      } else {
        this.#unparsed = this.#laterReads.shift();
        if (this.#limits.framing === 'read') this.#parser.endOfRead();
      }
    }
    // The client sent everything: an unterminated last line is not a request.
    if (this.#inputEnded && this.#unparsed === undefined) this.#parser.end();
    this.#flush();
    this.#updateReading();
    this.#watchLine();
    this.#endIfDone();
  }

  #continueNextTurn(): void {
    if (this.#continuing) return;
    this.#continuing = true;
    setImmediate(() => {
      this.#continuing = false;
      this.#pump();
    });
  }

  /**
   * Draining: lets the event loop poll this socket once more (it may hold requests that came
   * while the loop was busy) before the input counts as over.
   */
  #readWhatIsThere(): void {
    this.#drainRead = false;
    const look = ++this.#drainLook;
    afterNextPoll(() => {
      if (look !== this.#drainLook) return;
      this.#drainRead = true;
      this.#endIfDone();
    });
  }

  #onEnd(): void {
    this.#inputEnded = true;
    this.#pump();
  }

  #onDrain(): void {
    this.#writeBlocked = false;
    this.#pump();
  }

  #onIdle(): void {
    // Still computing is not idle: look again after another full period.
    if (this.#queue.length > 0) this.#socket.setTimeout(this.#limits.idleTimeoutMs);
    else this.#socket.end();
  }

  #onClose(): void {
    this.#closed = true;
    this.#unparsed = undefined;
    this.#laterReads = [];
    clearTimeout(this.#lineTimer);
    this.#compute.release();
  }

  #flush(): void {
    if (this.#out === '' || this.#closed) return;
    const ok = this.#socket.write(this.#out);
    if (this.#draining) this.#drainAnswered += this.#outCount;
    this.#out = '';
    this.#outCount = 0;
    if (!ok) this.#writeBlocked = true;
  }

  #updateReading(): void {
    if (this.#closed) return;
    // Once our side has ended, read on (and drop) so that the client's FIN is seen and the
    // socket closes: on Deno a socket paused after it has read data never emits 'end'/'close'.
    const want =
      this.#ended ||
      (!this.#stopping &&
        !this.#writeBlocked &&
        this.#unparsed === undefined &&
        this.pending < this.#limits.maxPending);
    if (want === this.#reading) return;
    this.#reading = want;
    if (want) {
      this.#socket.resume();
      // Reading again while draining: what arrived meanwhile is read before the end.
      if (this.#draining && !this.#ended) this.#readWhatIsThere();
    } else {
      this.#socket.pause();
    }
  }

  /** Keeps the line timer armed while the client owes the end of a line it started. */
  #watchLine(): void {
    if (this.#limits.lineTimeoutMs <= 0 || this.#stopping || this.#closed) return;
    // Bytes we hold unparsed are our delay, not the client's.
    if (this.#unparsed !== undefined || !this.#parser.midLine) {
      this.#lineMark = -1;
      return;
    }
    if (this.#lineMark !== this.#parser.linesEnded) {
      this.#lineMark = this.#parser.linesEnded;
      this.#lineSince = performance.now();
    }
    if (this.#lineTimer === undefined) this.#armLineTimer(this.#limits.lineTimeoutMs);
  }

  #armLineTimer(ms: number): void {
    this.#lineTimer = setTimeout(() => this.#onLineTimer(), ms);
    this.#lineTimer.unref();
  }

  #onLineTimer(): void {
    this.#lineTimer = undefined;
    if (this.#lineMark < 0 || this.#stopping || this.#closed) return;
    const left = this.#lineSince + this.#limits.lineTimeoutMs - performance.now();
    if (left > 1) {
      this.#armLineTimer(left);
      return;
    }
    this.#stopping = true;
    this.#unparsed = undefined;
    this.#laterReads = [];
    this.#push(formatError('ETIMEDOUT', `line not finished within ${this.#limits.lineTimeoutMs / 1000} s`));
    this.#pump();
  }

  #endIfDone(): void {
    if (this.#ended || this.#closed) return;
    const noMoreInput =
      this.#stopping ||
      (this.#draining && this.#drainRead && this.#unparsed === undefined) ||
      (this.#inputEnded && this.#unparsed === undefined);
    if (!noMoreInput || this.#queue.length > 0) return;
    this.#flush();
    this.#ended = true;
    this.#stopping = true;
    clearTimeout(this.#lineTimer);
    this.#socket.end();
    this.#updateReading();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error && 'code' in error && error.code === 'EINTERNAL'
    ? error.message
    : 'internal error';
}
