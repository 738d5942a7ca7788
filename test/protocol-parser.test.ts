import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  DEFAULT_MAX_LINE_BYTES,
  errorMessage,
  formatError,
  RequestParser,
  type RequestSink,
} from '../ts/protocol.js';

type Item = number | 'EINVAL' | 'ERANGE' | 'ETOOLONG';
const LIMITS = { maxN: 40, maxLineBytes: DEFAULT_MAX_LINE_BYTES };

/** Parses `chunks` in order; returns every request or error found, and the largest held line. */
function parse(chunks: Uint8Array[], limits = LIMITS): { items: Item[]; maxHeld: number } {
  const items: Item[] = [];
  const sink: RequestSink = {
    request: (n) => items.push(n) > -1,
    invalid: (code) => void items.push(code),
  };
  const parser = new RequestParser(limits, sink);
  let maxHeld = 0;
  for (const chunk of chunks) {
    assert.equal(parser.push(chunk), chunk.length);
    maxHeld = Math.max(maxHeld, parser.pendingLineBytes);
  }
  return { items, maxHeld };
}

/** Splits `bytes` at the given cut points. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    chunks.push(bytes.subarray(from, cut));
    from = cut;
  }
  return chunks;
}

// Lines that look like what clients send, valid or not.
const line = fc.oneof(
  fc.integer({ min: 0, max: 60 }).map(String),
  fc.stringMatching(/^[0-9]{1,40}$/),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '-1', ' 7', '7 ', '1e3', '0x10', '\r', '12\r3', '٣'),
);
const stream = fc
  .array(fc.tuple(line, fc.boolean()), { maxLength: 30 })
  .map((lines) =>
    Buffer.from(lines.map(([text, crlf]) => `${text.replaceAll('\n', '')}${crlf ? '\r\n' : '\n'}`).join('')),
  );

test('any way of splitting the same bytes into chunks gives the same requests', () => {
  fc.assert(
    fc.property(stream, fc.array(fc.nat(), { maxLength: 20 }), (bytes, cuts) => {
      assert.deepEqual(parse(split(bytes, cuts)).items, parse([bytes]).items);
    }),
    { numRuns: 500 },
  );
});

test('every line yields exactly one item: a valid n (0..maxN) or one error', () => {
  fc.assert(
    fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
      const clean = lines.map((l) => l.replaceAll('\n', ''));
      const { items } = parse([Buffer.from(clean.map((l) => `${l}\n`).join(''))]);
      assert.equal(items.length, clean.length);
      items.forEach((item, i) => {
        const text = (clean[i] as string).replace(/\r$/, '');
        const bytes = Buffer.byteLength(text);
        if (bytes > LIMITS.maxLineBytes) assert.equal(item, 'ETOOLONG');
        else if (!/^[0-9]+$/.test(text)) assert.equal(item, 'EINVAL');
        else if (Number(text) > LIMITS.maxN) assert.equal(item, 'ERANGE');
        else assert.equal(item, Number(text));
      });
    }),
    { numRuns: 500 },
  );
});

test('an over-long line is rejected without the parser holding more than the limit', () => {
  fc.assert(
    fc.property(fc.integer({ min: 33, max: 5000 }), fc.array(fc.nat(), { maxLength: 50 }), (length, cuts) => {
      const bytes = Buffer.from(`${'9'.repeat(length)}\n5\n`);
      const { items, maxHeld } = parse(split(bytes, cuts));
      assert.deepEqual(items, ['ETOOLONG', 5]);
      assert.ok(maxHeld <= LIMITS.maxLineBytes + 1, `held ${maxHeld} bytes`);
    }),
  );
});

test('the limit is on the content: 32 digits plus \\r\\n is fine, 33 is not', () => {
  const n32 = `${'0'.repeat(31)}7`;
  assert.deepEqual(parse([Buffer.from(`${n32}\r\n${n32}0\n`)]).items, [7, 'ETOOLONG']);
});

test('an unterminated last line is not a request', () => {
  const items: Item[] = [];
  const parser = new RequestParser(LIMITS, {
    request: (n) => items.push(n) > 0,
    invalid: (c) => void items.push(c),
  });
  parser.push(Buffer.from('3\n4'));
  parser.end();
  parser.push(Buffer.from('\n'));
  assert.deepEqual(items, [3, 'EINVAL']);
});

test('the sink can stop the parser after a request; the rest is pushed later', () => {
  const items: Item[] = [];
  const parser = new RequestParser(LIMITS, {
    request: (n) => items.push(n) < 2,
    invalid: (c) => void items.push(c),
  });
  const bytes = Buffer.from('1\n2\n3\n');
  const consumed = parser.push(bytes);
  assert.equal(consumed, 4);
  assert.deepEqual(items, [1, 2]);
});

test('error replies read ERR <CODE> <message>', () => {
  assert.equal(formatError('ERANGE', errorMessage('ERANGE', LIMITS)), 'ERR ERANGE n must be at most 40\n');
  assert.equal(
    formatError('ETOOLONG', errorMessage('ETOOLONG', LIMITS)),
    'ERR ETOOLONG line longer than 32 bytes\n',
  );
  assert.equal(
    formatError('EINVAL', errorMessage('EINVAL', LIMITS)),
    'ERR EINVAL expected a non-negative decimal integer\n',
  );
});
