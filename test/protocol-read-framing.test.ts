/**
 * Read framing (`--framing read`) as pure code: what RequestParser.endOfRead makes of one read.
 * The connection calls it after each read it consumed whole; these are the rules it applies.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_MAX_LINE_BYTES, RequestParser, type RequestSink } from '../ts/protocol.js';

type Item = number | 'EINVAL' | 'ERANGE' | 'ETOOLONG';
const LIMITS = { maxN: 40, maxLineBytes: DEFAULT_MAX_LINE_BYTES };

/** Feeds each string as one read, each followed by endOfRead; returns what the sink saw. */
function reads(...texts: string[]): Item[] {
  const items: Item[] = [];
  const sink: RequestSink = {
    request: (n) => items.push(n) > -1,
    invalid: (code) => void items.push(code),
  };
  const parser = new RequestParser(LIMITS, sink);
  for (const text of texts) {
    const bytes = Buffer.from(text, 'latin1');
    assert.equal(parser.push(bytes), bytes.length);
    parser.endOfRead();
    assert.equal(parser.midLine, false, `nothing pending after the read ${JSON.stringify(text)}`);
  }
  return items;
}

test('a read of bare digits is one request (the talk: send(b"1"), recv)', () => {
  assert.deepEqual(reads('1', '30', '0', '40'), [1, 30, 0, 40]);
});

test('a read holding newline-terminated lines is lines; a last unterminated part is a request too', () => {
  assert.deepEqual(reads('7\n'), [7]);
  assert.deepEqual(reads('7\r\n'), [7]);
  assert.deepEqual(reads('7\r'), [7]);
  assert.deepEqual(reads('1\n2\n3'), [1, 2, 3]);
});

test('a read with two numbers, or anything but digits, is refused as one request: EINVAL', () => {
  assert.deepEqual(reads('1 2'), ['EINVAL']);
  assert.deepEqual(reads('12,13'), ['EINVAL']);
  assert.deepEqual(reads('x'), ['EINVAL']);
  assert.deepEqual(reads('-1'), ['EINVAL']);
  assert.deepEqual(reads(' 5'), ['EINVAL']);
  assert.deepEqual(reads('\r'), ['EINVAL']);
});

test('n above max-n is ERANGE; over max-line-bytes is one ETOOLONG, and the next read starts afresh', () => {
  assert.deepEqual(reads('41'), ['ERANGE']);
  assert.deepEqual(reads('9'.repeat(DEFAULT_MAX_LINE_BYTES + 1), '5'), ['ETOOLONG', 5]);
  assert.deepEqual(reads('9'.repeat(1000), '5'), ['ETOOLONG', 5]);
  assert.deepEqual(reads('9'.repeat(DEFAULT_MAX_LINE_BYTES)), ['ERANGE']);
});

test('half a number split over two reads is two requests: read framing trusts each read', () => {
  // What a real network may do to `send(b"25")`; the README says so. Line framing is immune.
  assert.deepEqual(reads('2', '5'), [2, 5]);
});

test('endOfRead with nothing pending does nothing (a read that ended in \\n)', () => {
  const items: Item[] = [];
  const parser = new RequestParser(LIMITS, {
    request: (n) => items.push(n) > -1,
    invalid: (code) => void items.push(code),
  });
  assert.equal(parser.endOfRead(), true);
  parser.push(Buffer.from('3\n'));
  assert.equal(parser.endOfRead(), true);
  assert.deepEqual(items, [3]);
});

test("endOfRead passes on the sink's back-pressure like push", () => {
  const parser = new RequestParser(LIMITS, { request: () => false, invalid: () => false });
  parser.push(Buffer.from('8'));
  assert.equal(parser.endOfRead(), false);
});
