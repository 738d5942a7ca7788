/**
 * One closed-loop client: a TCP connection that sends `n\n`, reads the reply line byte by byte
 * against the expected bytes, records it, and sends again. With `connectionPerRequest` (compare's
 * churn scenario) every request after the first goes on a new connection: close, connect, send,
 * read; its latency then counts from the start of the connect. Kept alive, the hot path allocates
 * nothing of its own: the request Buffer is shared, replies are read into a shared buffer and compared in
 * place, and there is one read callback per connection, not a closure or promise per request.
 *
 * Open loop (the group has a rate): the worker's schedule hands each request over at its intended
 * time ({@link ClientConnection.schedule}); replies no longer trigger sends. Where the protocol
 * pipelines (the line protocol, line framing) the request is written at once, whatever is still
 * unanswered; otherwise (HTTP, read framing) one request is on the wire and the rest wait in
 * order, each written as the reply before it arrives, and counted late by how long it waited.
 * Every latency counts from the intended time, and a request belongs to the measured window by
 * its intended time, so a stall is counted for every request that should have gone out during it.
 */
import net from 'node:net';
import type { Histogram } from 'hdr-histogram-js';
import { PROTOCOL_ERROR_CODES } from '../protocol.js';
import { TimeQueue } from './time-queue.js';
import type { ClientReport, ErrorReplyCode, ErrorReplyCounts, WrongAnswer } from './types.js';

const NEWLINE = 0x0a;
/** Bytes of a mismatched line kept for the report (ERR code, wrong-answer evidence). */
const SAMPLE_BYTES = 64;
/** How many wrong answers a group keeps as evidence. */
const MAX_WRONG_SAMPLES = 3;
const ERR_PREFIX = Buffer.from('ERR ', 'latin1');
/** Where every connection of this thread reads into; replies are a few bytes, 64 KiB is plenty. */
const readBuffer = Buffer.allocUnsafe(64 * 1024);
const KNOWN_CODES: ReadonlySet<string> = new Set<ErrorReplyCode>(PROTOCOL_ERROR_CODES);

/** A group as the connections of one worker share it: wire bytes, histogram and counters. */
export interface GroupState {
  n: number;
  request: Buffer;
  expected: Buffer;
  histogram: Histogram;
  errorReplies: ErrorReplyCounts;
  wrongSamples: WrongAnswer[];
  /** Each request on a new connection (the previous one closed once its reply is in). */
  connectionPerRequest: boolean;
  /** Open loop: how the group's connections keep their schedule; null for a closed-loop group. */
  openLoop: OpenLoopTally | null;
}

/** An open-loop group's schedule-keeping figures on one worker (requests intended in the window). */
export interface OpenLoopTally {
  /** Requests may be written while earlier ones are unanswered (the line protocol, line framing). */
  pipelined: boolean;
  /** µs from intended time to the write, for requests nothing held back: the generator's own lag. */
  lag: Histogram;
  /**
   * µs from the moment the generator's clock handed the request over (its own lag left out) to the
   * reply: the latency oha's --latency-correction reports. A wait behind a busy connection is in it.
   */
  fromDispatch: Histogram;
  /** µs from intended time to the write, for requests held back behind an unanswered one. */
  lateness: Histogram;
  /** Requests intended in the window and written before it closed. */
  sent: number;
  /** Requests held back behind an unanswered one. */
  late: number;
  /** Requests with no reply by the end of the grace period. */
  unanswered: number;
}

/** The measured window in `performance.now()` milliseconds; Infinity until the run starts. */
export interface RunClock {
  measureFrom: number;
  measureUntil: number;
}

/** What a connection tells the worker that runs it. */
export interface ConnectionOwner {
  /** A correct reply arrived (any phase): feeds the live counter. */
  replied(): void;
  /** The connection has nothing in flight any more, after the window or because it was lost. */
  settled(): void;
}

/** A zeroed count per error code. */
export function emptyErrorCounts(): ErrorReplyCounts {
  return Object.fromEntries([...PROTOCOL_ERROR_CODES, 'other'].map((code) => [code, 0])) as ErrorReplyCounts;
}

/** One client connection and its counters; see the file comment for the state machine. */
export class ClientConnection {
  protected socket: net.Socket | null = null;
  private inFlight = false;
  private sentAt = 0;
  /** Open loop: intended times of the requests scheduled and not yet answered, oldest first. */
  private readonly scheduled: TimeQueue | null;
  /** Open loop: when each of those was handed to this connection (the ticker's wake-up), in step with `scheduled`. */
  private readonly dispatched: TimeQueue | null;
  /** Bytes of the current reply that matched `expected` so far. */
  protected matched = 0;
  protected mismatched = false;
  /** The current reply as far as it is kept (from the first wrong byte): evidence and ERR codes. */
  protected readonly line = Buffer.allocUnsafe(SAMPLE_BYTES);
  protected lineLength = 0;
  private closedByUs = false;
  protected lastError: string | null = null;
  private replies = 0;
  private reads = 0;
  private errors = 0;
  private wrongAnswers = 0;
  private unfinished = false;
  private lost: string | null = null;
  /** Where connect() went, for the new connections of connectionPerRequest. */
  private host = '';
  private connectTimeoutMs = 0;

  constructor(
    readonly client: number,
    readonly port: number,
    protected readonly group: GroupState,
    private readonly clock: RunClock,
    private readonly owner: ConnectionOwner,
  ) {
    this.scheduled = group.openLoop === null ? null : new TimeQueue();
    this.dispatched = group.openLoop === null ? null : new TimeQueue();
  }

  /** Opens the connection; resolves null once connected, or the error code if it failed or timed out. */
  connect(host: string, timeoutMs: number): Promise<string | null> {
    this.host = host;
    this.connectTimeoutMs = timeoutMs;
    return new Promise((resolve) => {
      // onread reads straight into one buffer shared by the worker's connections (no Buffer per
      // read, no 'data' event): safe because onRead consumes every byte before it returns.
      const onread = { buffer: readBuffer, callback: this.onRead };
      const socket = net.connect({ host, port: this.port, noDelay: true, onread });
      const timer = setTimeout(() => fail('ETIMEDOUT'), timeoutMs);
      const fail = (code: string) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(code);
      };
      socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        if (this.closedByUs) {
          // The run ended while this (churn) connection was being made.
          socket.destroy();
          resolve('closed');
          return;
        }
        this.socket = socket;
        socket.on('error', this.onError);
        socket.on('close', this.onClose);
        resolve(null);
      });
    });
  }

  /** Sends the first request; every later one is sent from the reply handler (closed loop only). */
  start(): void {
    if (this.socket !== null && this.lost === null && this.scheduled === null) this.send();
  }

  /** True while a request is on the wire (open loop: while any scheduled request is unanswered). */
  get busy(): boolean {
    return this.scheduled === null ? this.inFlight : this.scheduled.length > 0;
  }

  /**
   * Marks the request in flight (if any) as unfinished: the measured window has closed under it.
   * Not in the open loop, where the window's requests are waited for through the grace period.
   */
  markUnfinishedIfBusy(): void {
    if (this.inFlight && this.scheduled === null) this.unfinished = true;
  }

  /** Closes the socket; in-flight work is abandoned (open loop: counted unanswered if in the window). */
  close(): void {
    this.retire();
    this.socket?.destroy();
  }

  /**
   * This worker's window has closed: in-flight work is abandoned (open loop: counted unanswered
   * if in the window), nothing more is read or sent, but the connection stays open until the run
   * stops every worker's thread. Each worker times its window from its own 'start', so another
   * worker's may still be open: a client closing here would free a one-connection-at-a-time
   * server for a starved client of that worker, which would then count as served.
   */
  retire(): void {
    if (this.scheduled !== null && this.scheduled.length > 0 && !this.closedByUs) {
      this.unfinished = true;
      (this.group.openLoop as OpenLoopTally).unanswered += this.scheduled.countWithin(
        this.clock.measureFrom,
        this.clock.measureUntil,
      );
      this.scheduled.clear();
      this.dispatched?.clear();
    }
    this.closedByUs = true;
    this.inFlight = false;
    this.socket?.pause();
  }

  /**
   * Open loop: the request intended at `intended` is due (`now`, both performance.now() ms).
   * Written at once if the protocol pipelines or nothing is unanswered; else it waits its turn.
   */
  schedule(intended: number, now: number): void {
    const queue = this.scheduled as TimeQueue;
    if (this.socket === null || this.lost !== null || this.closedByUs) return;
    queue.push(intended);
    (this.dispatched as TimeQueue).push(now);
    const tally = this.group.openLoop as OpenLoopTally;
    if (tally.pipelined || queue.length === 1) {
      if (intended >= this.clock.measureFrom && intended < this.clock.measureUntil) {
        // A tick may come a hair before the time it was for (clocks mapped between threads).
        tally.lag.recordValue(Math.max(0, Math.round((now - intended) * 1000)));
      }
      this.writeScheduled(intended, now);
    }
  }

  /** Writes the request intended at `intended`; counted sent if intended in the window and written before it closed. */
  private writeScheduled(intended: number, now: number): void {
    this.inFlight = true;
    if (intended >= this.clock.measureFrom && now < this.clock.measureUntil)
      (this.group.openLoop as OpenLoopTally).sent++;
    (this.socket as net.Socket).write(this.group.request);
  }

  /** This client's figures. */
  report(): ClientReport {
    return {
      state: 'connected',
      client: this.client,
      port: this.port,
      replies: this.replies,
      errors: this.errors,
      reads: this.reads,
      wrongAnswers: this.wrongAnswers,
      unfinished: this.unfinished,
      lost: this.lost,
    };
  }

  private send(): void {
    this.inFlight = true;
    this.sentAt = performance.now();
    // The same Buffer every time: write() only reads it, and it never changes.
    (this.socket as net.Socket).write(this.group.request);
  }

  /** connectionPerRequest: closes the connection whose reply is in, then connects anew and sends. */
  private sendOnNewConnection(): void {
    const old = this.socket;
    this.socket = null;
    if (old !== null) {
      old.removeListener('close', this.onClose);
      old.removeListener('error', this.onError);
      old.on('error', () => {}); // a reset while closing says nothing about the next request
      old.destroy();
    }
    this.inFlight = true;
    this.sentAt = performance.now();
    void this.connect(this.host, this.connectTimeoutMs).then((error) => {
      if (this.closedByUs) return;
      if (error === null) {
        (this.socket as net.Socket | null)?.write(this.group.request);
        return;
      }
      // A connect refused or timed out mid-run: this client is lost, as if its connection had dropped.
      this.lost = error;
      if (performance.now() >= this.clock.measureUntil) this.unfinished = true;
      this.inFlight = false;
      this.owner.settled();
    });
  }

  // Arrow properties: bound once per connection, so no closure is made per request.
  private readonly onRead = (length: number, chunk: Buffer): boolean => {
    this.reads++;
    this.consume(chunk, length);
    return true; // keep reading
  };

  /** Frames the bytes read into replies (here: lines) and calls {@link lineDone} for each. */
  protected consume(chunk: Buffer, length: number): void {
    const expected = this.group.expected;
    for (let i = 0; i < length; i++) {
      const byte = chunk[i] as number;
      if (!this.mismatched) {
        if (byte === expected[this.matched]) {
          // expected ends in the only newline it contains, so a matching newline is a whole correct reply.
          if (byte === NEWLINE) this.lineDone(true);
          else this.matched++;
          continue;
        }
        // First wrong byte: keep the prefix that did match, for the report.
        this.mismatched = true;
        this.lineLength = expected.copy(this.line, 0, 0, Math.min(this.matched, SAMPLE_BYTES));
      }
      if (byte === NEWLINE) this.lineDone(false);
      else if (this.lineLength < SAMPLE_BYTES) this.line[this.lineLength++] = byte;
    }
  }

  /** One whole reply has arrived: `correct` if it was exactly the expected bytes, else `line` holds it. */
  protected lineDone(correct: boolean): void {
    const now = performance.now();
    const wasInFlight = this.inFlight;
    this.inFlight = false;
    this.matched = 0;
    this.mismatched = false;
    if (!wasInFlight) {
      // A line nobody asked for: the server is out of step with its client, which is a wrong answer.
      if (correct)
        this.lineLength = this.group.expected.copy(this.line, 0, 0, this.group.expected.length - 1);
      this.countWrong();
      return;
    }
    // Closed loop: latency from the send, in the window by arrival. Open loop: from the intended
    // time, in the window by intended time.
    const from = this.scheduled === null ? this.sentAt : this.scheduled.shift();
    const dispatchedAt = this.dispatched === null ? from : this.dispatched.shift();
    const at = this.scheduled === null ? now : from;
    const inWindow = at >= this.clock.measureFrom && at < this.clock.measureUntil;
    if (correct) {
      if (inWindow) {
        this.replies++;
        this.group.histogram.recordValue(Math.round((now - from) * 1000));
        this.group.openLoop?.fromDispatch.recordValue(Math.max(0, Math.round((now - dispatchedAt) * 1000)));
      }
    } else if (this.isErrorLine()) {
      if (inWindow) this.countError();
    } else {
      this.countWrong();
    }
    this.lineLength = 0;
    if (this.scheduled !== null) this.nextScheduled(now);
    else if (now < this.clock.measureUntil) {
      if (this.group.connectionPerRequest) this.sendOnNewConnection();
      else this.send();
    } else {
      this.unfinished = true; // it was still on the wire when the window closed
      this.owner.settled();
    }
    // Last: the owner may hand this connection a due request (open loop), which must find its
    // state settled.
    if (correct) this.owner.replied();
  }

  /** Open loop, after a reply: the next request that waited its turn goes out, counted late. */
  private nextScheduled(now: number): void {
    const queue = this.scheduled as TimeQueue;
    if (queue.length === 0) {
      if (now >= this.clock.measureUntil) this.owner.settled();
      return;
    }
    this.inFlight = true; // pipelined: the next reply is already on its way
    const tally = this.group.openLoop as OpenLoopTally;
    if (tally.pipelined) return;
    const intended = queue.peek();
    if (intended >= this.clock.measureFrom && intended < this.clock.measureUntil) {
      tally.late++;
      tally.lateness.recordValue(Math.max(0, Math.round((now - intended) * 1000)));
    }
    this.writeScheduled(intended, now);
  }

  private isErrorLine(): boolean {
    return (
      this.lineLength >= ERR_PREFIX.length &&
      this.line.compare(ERR_PREFIX, 0, ERR_PREFIX.length, 0, ERR_PREFIX.length) === 0
    );
  }

  private countError(): void {
    this.errors++;
    const text = this.line.toString('latin1', ERR_PREFIX.length, this.lineLength);
    const space = text.indexOf(' ');
    const code = space === -1 ? text : text.slice(0, space);
    this.group.errorReplies[KNOWN_CODES.has(code) ? (code as ErrorReplyCode) : 'other']++;
  }

  private countWrong(): void {
    this.wrongAnswers++;
    const samples = this.group.wrongSamples;
    if (samples.length < MAX_WRONG_SAMPLES) {
      samples.push({
        client: this.client,
        n: this.group.n,
        expected: this.group.expected.toString('latin1', 0, this.group.expected.length - 1),
        got: this.line.toString('latin1', 0, this.lineLength),
      });
    }
    this.lineLength = 0;
  }

  private readonly onError = (error: NodeJS.ErrnoException): void => {
    this.lastError = error.code ?? error.message;
  };

  private readonly onClose = (): void => {
    if (this.closedByUs) return;
    this.lost = this.lastError ?? 'EOF';
    if (this.inFlight && performance.now() >= this.clock.measureUntil) this.unfinished = true;
    this.inFlight = false;
    this.scheduled?.clear(); // a lost connection's unanswered requests are counted as it is: lost
    this.dispatched?.clear();
    this.owner.settled();
  };
}
