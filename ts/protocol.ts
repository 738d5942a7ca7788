/**
 * The line protocol, as pure code (no sockets): framing a byte stream into requests, and the
 * replies. Request: ASCII decimal `n` + `\n` (a `\r` before it is dropped). Reply: decimal fib(n)
 * + `\n`, or `ERR <CODE> <message>\n`. See DESIGN.md, "The line protocol".
 */

/** The error codes a server may reply with (`ERR <CODE> <message>\n`): the one list of them. */
export const PROTOCOL_ERROR_CODES = ['EINVAL', 'ERANGE', 'ETOOLONG', 'EBUSY', 'EINTERNAL'] as const;

/** One of {@link PROTOCOL_ERROR_CODES}. */
export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number];

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
  /** A line that is not a valid request: reply with exactly this one error. */
  invalid(code: 'EINVAL' | 'ERANGE' | 'ETOOLONG'): void;
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

  constructor(limits: ParserLimits, sink: RequestSink) {
    this.#sink = sink;
    this.#maxN = limits.maxN;
    this.#maxLineBytes = limits.maxLineBytes;
  }

  /** Bytes of the current, unfinished line that the parser holds (its length, not a buffer). */
  get pendingLineBytes(): number {
    return this.#length + (this.#pendingCr ? 1 : 0);
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
      } else if (!this.#skipping) {
        this.#addByte(byte);
      }
    }
    return chunk.length;
  }

  /** The stream ended: an unterminated last line is dropped (it was never a request). */
  end(): void {
    this.#reset();
  }

  #addByte(byte: number): void {
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
      this.#sink.invalid('ETOOLONG');
      this.#reset();
      this.#skipping = true;
    }
  }

  /** Ends the current line; returns false when the sink asked to stop. */
  #endLine(): boolean {
    if (this.#skipping) {
      this.#skipping = false;
      return true;
    }
    const length = this.#length;
    const value = this.#value;
    const digitsOnly = this.#digitsOnly;
    this.#reset();
    if (length === 0 || !digitsOnly) this.#sink.invalid('EINVAL');
    // Even 32 digits parse to a double close enough to compare with maxN (≤ 78).
    else if (value > this.#maxN) this.#sink.invalid('ERANGE');
    else return this.#sink.request(value);
    return true;
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
  }
}

/** The error reply line: `ERR <CODE> <message>\n`. */
export function formatError(code: ProtocolErrorCode, message: string): string {
  return `ERR ${code} ${message}\n`;
}
