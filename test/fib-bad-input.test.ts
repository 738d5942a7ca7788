import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkN, fib } from 'fiblab';
import { CancelToken, fibAsync, fib as nativeFib } from 'fiblab/native';
// The raw napi-rs binding, without the package's JS wrapper: the Rust guard itself.
import * as binding from '../packages/native/binding.js';

const RANGE = { name: 'RangeError', code: 'ERR_FIB_RANGE' };
const TYPE = { name: 'TypeError', code: 'ERR_FIB_TYPE' };

const cases: Array<[label: string, input: unknown, expected: object]> = [
  ['negative', -1, { ...RANGE, message: 'n must be an integer from 0 to 78, got -1' }],
  ['non-integer', 2.5, { ...RANGE, message: 'n must be an integer from 0 to 78, got 2.5' }],
  ['NaN', Number.NaN, { ...RANGE, message: 'n must be an integer from 0 to 78, got NaN' }],
  [
    'Infinity',
    Number.POSITIVE_INFINITY,
    { ...RANGE, message: 'n must be an integer from 0 to 78, got Infinity' },
  ],
  ['above 78', 79, { ...RANGE, message: 'n must be an integer from 0 to 78, got 79' }],
  ['string', '10', { ...TYPE, message: 'n must be an integer from 0 to 78, got string' }],
  ['bigint', 10n, { ...TYPE, message: 'n must be an integer from 0 to 78, got bigint' }],
  ['undefined', undefined, { ...TYPE, message: 'n must be an integer from 0 to 78, got undefined' }],
  ['null', null, { ...TYPE, message: 'n must be an integer from 0 to 78, got object' }],
  ['object', { valueOf: () => 10 }, { ...TYPE, message: 'n must be an integer from 0 to 78, got object' }],
];

// Casts: the point is to pass what the types forbid, as untyped JS callers can.
for (const [label, input, expected] of cases) {
  test(`${label}: the JS fib (ts/fib.ts) refuses it with the same error as the addon`, () => {
    assert.throws(() => fib(input as number), expected);
  });

  test(`${label}: the Rust guard of the raw binding throws it, for fib and fibAsync`, () => {
    assert.throws(() => binding.fib(input), expected);
    assert.throws(() => binding.fibAsync(input), expected, 'thrown at once, before any work is queued');
  });

  test(`${label}: the package's fib throws it and fibAsync rejects with it`, async () => {
    assert.throws(() => nativeFib(input as number), expected);
    await assert.rejects(fibAsync(input as number), expected);
  });
}

test('maxN lowers the limit: checked in Rust, with the limit in the message', async () => {
  assert.equal(nativeFib(20, { maxN: 20 }), 6765);
  assert.equal(await fibAsync(20, { maxN: 20 }), 6765);
  const over = { ...RANGE, message: 'n must be an integer from 0 to 20, got 21' };
  assert.throws(() => nativeFib(21, { maxN: 20 }), over);
  await assert.rejects(fibAsync(21, { maxN: 20 }), over);
  assert.throws(() => binding.fib(21, 20), over);
  assert.throws(() => binding.fibAsync(21, 20), over);
});

const badOptions: Array<[label: string, options: unknown, expected: object]> = [
  ['a number', 5, TYPE],
  ['a string', 'signal', TYPE],
  ['null', null, TYPE],
  ['a signal that is not one', { signal: { aborted: false } }, TYPE],
  ['a cancelToken that is not one', { cancelToken: {} }, TYPE],
  [
    'both a signal and a cancelToken',
    { signal: new AbortController().signal, cancelToken: new CancelToken() },
    TYPE,
  ],
  ['maxN of the wrong type', { maxN: '40' }, TYPE],
  ['maxN above 78', { maxN: 79 }, RANGE],
  ['maxN not an integer', { maxN: 4.5 }, RANGE],
];

for (const [label, options, expected] of badOptions) {
  test(`fibAsync's second argument ${label}: rejected with ${(expected as { code: string }).code}`, async () => {
    const error = await fibAsync(10, options as AbortSignal).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    );
    assert.equal((error as Error).name, (expected as { name: string }).name);
    assert.equal((error as { code?: string }).code, (expected as { code: string }).code);
    assert.match((error as Error).message, /^fibAsync: /);
  });
}

test("fib's second argument must be an options object", () => {
  assert.throws(() => nativeFib(10, 5 as never), { ...TYPE, message: /^fib: options must be an object/ });
  assert.throws(() => nativeFib(10, new AbortController().signal as never), TYPE);
  assert.throws(() => nativeFib(10, { maxN: 100 }), RANGE);
});

test('checkN takes a lower maxN and says it in the message', () => {
  assert.equal(checkN(40, 40), 40);
  assert.throws(() => checkN(41, 40), { code: 'ERR_FIB_RANGE', message: /from 0 to 40, got 41/ });
});

test('78 itself is accepted by every entry point (checked, not run: it would take about a year)', async () => {
  assert.equal(checkN(78), 78);
  // An aborted signal stops fibAsync(78) before any work; accepting 78 is all this shows.
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(fibAsync(78, controller.signal), { name: 'AbortError' });
  // ...while a bad n wins over the aborted signal: the argument is checked first.
  await assert.rejects(fibAsync(79, controller.signal), RANGE);
});
