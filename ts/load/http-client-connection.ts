/**
 * The closed-loop client over HTTP/1.1 keep-alive: the same connection, counters and report as
 * the line protocol's ClientConnection; only the framing differs. Each response's head is read
 * into a small per-connection buffer and parsed in place (status code, Content-Length); its body
 * is compared byte for byte against the exact reply line, as the line client compares a line. A
 * 200 with exactly those bytes is correct; any other status with an `ERR <CODE>` body is an error
 * reply; anything else is a wrong answer. A response without Content-Length (chunked, or
 * close-delimited) is not what a fiblab server sends: the connection is dropped as lost, EPROTO.
 */
import { ClientConnection } from './client-connection.js';

const CR = 0x0d;
const LF = 0x0a;
/** Longest response head kept; a fiblab server's is ~130 bytes. */
const MAX_HEAD_BYTES = 4096;
/** `content-length:`, lower case, compared case-insensitively. */
const CONTENT_LENGTH = Buffer.from('content-length:', 'latin1');
const HTTP_1 = Buffer.from('HTTP/1.', 'latin1');

/** One closed-loop HTTP client; see the file comment. */
export class HttpClientConnection extends ClientConnection {
  private readonly head = Buffer.allocUnsafe(MAX_HEAD_BYTES);
  private headLength = 0;
  /** -1 while reading a head; else the body bytes still to come. */
  private bodyLeft = -1;
  private status = 0;

  protected override consume(chunk: Buffer, length: number): void {
    for (let i = 0; i < length; i++) {
      const byte = chunk[i] as number;
      if (this.bodyLeft >= 0) {
        this.bodyLeft--;
        this.bodyByte(byte);
        if (this.bodyLeft === 0) this.bodyDone();
        continue;
      }
      // Head: copy bytes until the blank line.
      if (this.headLength === MAX_HEAD_BYTES) {
        this.protocolError();
        return;
      }
      this.head[this.headLength++] = byte;
      if (byte === LF && this.headLength >= 4 && this.head[this.headLength - 3] === LF) {
        if (!this.parseHead()) {
          this.protocolError();
          return;
        }
        if (this.bodyLeft === 0) this.bodyDone();
      }
    }
  }

  /** Status and Content-Length from the head; false if either is missing or malformed. */
  private parseHead(): boolean {
    const head = this.head;
    if (this.headLength < 12 || head.compare(HTTP_1, 0, HTTP_1.length, 0, HTTP_1.length) !== 0) return false;
    this.status = (head[9] as number) * 100 + (head[10] as number) * 10 + (head[11] as number) - 0x30 * 111;
    let length = -1;
    // Each header line starts after a LF; look for content-length: among them.
    for (let at = head.indexOf(LF) + 1; at > 0 && at < this.headLength; at = head.indexOf(LF, at) + 1) {
      if (this.isContentLength(at)) {
        length = 0;
        let p = at + CONTENT_LENGTH.length;
        while (head[p] === 0x20) p++;
        for (; (head[p] as number) >= 0x30 && (head[p] as number) <= 0x39; p++) {
          length = length * 10 + (head[p] as number) - 0x30;
        }
        if (head[p] !== CR && head[p] !== 0x20) return false;
      }
    }
    this.headLength = 0;
    this.matched = 0;
    this.mismatched = this.status !== 200; // anything but a 200 is kept, not matched
    this.lineLength = 0;
    this.bodyLeft = length;
    return length >= 0 && this.status >= 100 && this.status <= 599;
  }

  private isContentLength(at: number): boolean {
    if (at + CONTENT_LENGTH.length > this.headLength) return false;
    for (let k = 0; k < CONTENT_LENGTH.length; k++) {
      // ASCII letters: OR 0x20 lower-cases them and leaves '-' and ':' alone.
      if (((this.head[at + k] as number) | 0x20) !== CONTENT_LENGTH[k]) return false;
    }
    return true;
  }

  private bodyByte(byte: number): void {
    const expected = this.group.expected;
    if (!this.mismatched) {
      if (byte === expected[this.matched]) {
        this.matched++;
        return;
      }
      this.mismatched = true;
      this.lineLength = expected.copy(this.line, 0, 0, Math.min(this.matched, this.line.length));
    }
    // The body is a reply line: its newline is not part of what the report keeps.
    if (byte !== LF && this.lineLength < this.line.length) this.line[this.lineLength++] = byte;
  }

  private bodyDone(): void {
    this.bodyLeft = -1;
    const correct = !this.mismatched && this.matched === this.group.expected.length;
    if (!correct && !this.mismatched) {
      // A 200 whose body stopped short of the value: keep what came.
      this.lineLength = this.group.expected.copy(this.line, 0, 0, Math.min(this.matched, this.line.length));
    }
    this.lineDone(correct);
  }

  private protocolError(): void {
    this.lastError = 'EPROTO';
    this.socket?.destroy();
  }
}
