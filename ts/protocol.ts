/**
 * The line protocol, as pure code (no sockets): framing a byte stream into requests, and the
 * replies. Request: ASCII decimal `n` + `\n` (a `\r` before it is dropped). Reply: decimal fib(n)
 * + `\n`, or `ERR <CODE> <message>\n`. See DESIGN.md, "The line protocol".
 */

/** The error codes a server may reply with (`ERR <CODE> <message>\n`): the one list of them. */
export const PROTOCOL_ERROR_CODES = [
  'EINVAL',
  'ERANGE',
  'ETOOLONG',
  'EBUSY',
  'EINTERNAL',
  'ESHUTDOWN',
  'ETIMEDOUT',
] as const;

/** One of {@link PROTOCOL_ERROR_CODES}. */
export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number];

/**
 * How requests are delimited: `line` — each ends in `\n` (pipelining allowed, the default);
 * `read` — additionally, whatever one read of the socket held is one request (the talk's
 * servers, whose clients send bare digits). Replies end in `\n` either way.
 */
export const FRAMINGS = ['line', 'read'] as const;

/** One of {@link FRAMINGS}. */
export type Framing = (typeof FRAMINGS)[number];

/** Default longest request line in bytes, without the `\n` and an optional `\r`. */
export const DEFAULT_MAX_LINE_BYTES = 32;

const NEWLINE = 0x0a;
const CR = 0x0d;
const ZERO = 0x30;
const NINE = 0x39;

/** Receives what a {@link RequestParser} finds, in stream order. */
export interface RequestSink {
  /**
   * A well-formed request for fib(n), 0 ≤ n ≤ maxN. Returning `false` stops the parser right
   * after this request (back-pressure); `push` then says how many bytes it consumed.
   */
  request(n: number): boolean;
  /**
   * A line that is not a valid request: reply with exactly this one error. Returning `false`
   * stops the parser too (every reply counts toward a connection's cap); nothing = go on.
   */
  invalid(code: 'EINVAL' | 'ERANGE' | 'ETOOLONG'): boolean | undefined;
}

/** Parser limits. */
export interface ParserLimits {
  /** Largest n accepted; above it the line is ERANGE. */
  maxN: number;
  /** Longest line content in bytes; a longer line is ETOOLONG as soon as it crosses the limit. */
  maxLineBytes: number;
}

/**
 * Frames bytes into lines and parses each into a request, without ever holding more than the
 * current line's digits: an over-long line is reported the moment it crosses the limit and the
 * rest of it, up to its `\n`, is skipped. Chunk boundaries do not matter.
 */
export class RequestParser {
  readonly #sink: RequestSink;
  readonly #maxN: number;
  readonly #maxLineBytes: number;
  // State of the current line: its length, its value so far, whether it is still all digits,
  // whether a `\r` was its last byte, and whether we are skipping an over-long line.
  #length = 0;
  #value = 0;
  #digitsOnly = true;
  #pendingCr = false;
  #skipping = false;
  #linesEnded = 0;

  constructor(limits: ParserLimits, sink: RequestSink) {
    this.#sink = sink;
    this.#maxN = limits.maxN;
    this.#maxLineBytes = limits.maxLineBytes;
  }

  /** Bytes of the current, unfinished line that the parser holds (its length, not a buffer). */
  get pendingLineBytes(): number {
    return this.#length + (this.#pendingCr ? 1 : 0);
  }

  /** True while a line has started and not ended (including an over-long one being skipped). */
  get midLine(): boolean {
    return this.#skipping || this.#length > 0 || this.#pendingCr;
  }

  /** Lines ended so far: tells a caller whether the unfinished line is still the same one. */
  get linesEnded(): number {
    return this.#linesEnded;
  }

  /**
   * Feeds the next bytes of the stream; returns how many were consumed: all of them, unless
   * the sink stopped the parser, in which case the caller pushes the rest later.
   */
  push(chunk: Uint8Array): number {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (byte === NEWLINE) {
        if (!this.#endLine()) return i + 1;
      } else if (!this.#skipping && !this.#addByte(byte)) {
        return i + 1;
      }
    }
    return chunk.length;
  }

  /**
   * Read framing (`--framing read`, the talk's servers): the read just pushed, consumed whole,
   * was one request. A line it left unterminated ends here as if a `\n` followed it; a line
   * over the limit (already answered ETOOLONG) ends its skipping here. Nothing pending: nothing.
   * Returns false when the sink asked to stop, like {@link push}.
   */
  endOfRead(): boolean {
    return this.midLine ? this.#endLine() : true;
  }

  /** The stream ended: an unterminated last line is dropped (it was never a request). */
  end(): void {
    this.#reset();
  }

  /** Adds a byte of the current line; returns false when the sink asked to stop. */
  #addByte(byte: number): boolean {
    if (this.#pendingCr) {
      // A `\r` not followed by `\n` is part of the line, and never a digit.
      this.#pendingCr = false;
      this.#length++;
      this.#digitsOnly = false;
    }
    if (byte === CR) {
      this.#pendingCr = true;
    } else {
      this.#length++;
      if (byte >= ZERO && byte <= NINE) this.#value = this.#value * 10 + (byte - ZERO);
      else this.#digitsOnly = false;
    }
    // A pending `\r` may still turn out to be the terminator's, so it does not count yet.
    if (this.#length > this.#maxLineBytes) {
      this.#reset();
      this.#skipping = true;
      return this.#sink.invalid('ETOOLONG') !== false;
    }
    return true;
  }

  /** Ends the current line; returns false when the sink asked to stop. */
  #endLine(): boolean {
    this.#linesEnded++;
    if (this.#skipping) {
      this.#skipping = false;
      return true;
    }
    const length = this.#length;
    const value = this.#value;
    const digitsOnly = this.#digitsOnly;
    this.#reset();
    if (length === 0 || !digitsOnly) return this.#sink.invalid('EINVAL') !== false;
    // Even 32 digits parse to a double close enough to compare with maxN (≤ 78).
    if (value > this.#maxN) return this.#sink.invalid('ERANGE') !== false;
    return this.#sink.request(value);
  }

  #reset(): void {
    this.#length = 0;
    this.#value = 0;
    this.#digitsOnly = true;
    this.#pendingCr = false;
  }
}

/** The reply line for a computed value. */
export function formatReply(value: number): string {
  return `${value}\n`;
}

/** Human-readable text of each error reply (the peers send the same). */
export function errorMessage(code: ProtocolErrorCode, limits: ParserLimits, detail?: string): string {
  switch (code) {
    case 'EINVAL':
      return 'expected a non-negative decimal integer';
    case 'ERANGE':
      return `n must be at most ${limits.maxN}`;
    case 'ETOOLONG':
      return `line longer than ${limits.maxLineBytes} bytes`;
    case 'EBUSY':
      return detail ?? 'server busy';
    case 'EINTERNAL':
      return detail ?? 'worker died';
    case 'ESHUTDOWN':
      return 'server is shutting down';
    case 'ETIMEDOUT':
      return detail ?? 'line not finished in time';
  }
}

/** The error reply line: `ERR <CODE> <message>\n`. */
export function formatError(code: ProtocolErrorCode, message: string): string {
  return `ERR ${code} ${message}\n`;
}
