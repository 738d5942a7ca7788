import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkN, fib } from 'fiblab';
import { fibAsync, fib as nativeFib } from 'fiblab/native';

const RANGE = { name: 'RangeError', code: 'ERR_FIB_RANGE', message: /integer from 0 to 78/ };
const TYPE = { name: 'TypeError', code: 'ERR_FIB_TYPE', message: /integer from 0 to 78/ };

const cases: Array<[label: string, input: unknown, expected: typeof RANGE]> = [
  ['negative', -1, RANGE],
  ['non-integer', 2.5, RANGE],
  ['NaN', Number.NaN, RANGE],
  ['Infinity', Number.POSITIVE_INFINITY, RANGE],
  ['above 78', 79, RANGE],
  ['string', '10', TYPE],
  ['bigint', 10n, TYPE],
  ['undefined', undefined, TYPE],
  ['null', null, TYPE],
  ['object', { valueOf: () => 10 }, TYPE],
];

for (const [label, input, expected] of cases) {
  test(`${label}: JS fib, native fib and fibAsync all refuse it with ${expected.code}`, async () => {
    // Casts: the point is to pass what the types forbid, as untyped JS callers can.
    assert.throws(() => fib(input as number), expected);
    assert.throws(() => nativeFib(input as number), expected);
    await assert.rejects(fibAsync(input as number), expected);
  });
}

test('checkN takes a lower maxN and says it in the message', () => {
  assert.equal(checkN(40, 40), 40);
  assert.throws(() => checkN(41, 40), { code: 'ERR_FIB_RANGE', message: /from 0 to 40, got 41/ });
});

test('78 itself is accepted by every entry point (checked, not run: it would take years)', () => {
  assert.equal(checkN(78), 78);
});
