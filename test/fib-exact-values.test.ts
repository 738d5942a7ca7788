import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fib, MAX_EXACT_N } from 'fiblab';
import { fibAsync, fib as nativeFib } from 'fiblab/native';
import { fibReference } from '../ts/reference.js';

// The naive recursion is exponential: fib(78) would take years, so values are checked by
// running the code as far as a test affords, and exactness up to 78 by the f64 argument:
// every partial sum is some fib(k) ≤ fib(78) < 2^53, and sums of such integers are exact.
const JS_CHECKED_UP_TO = 30;
const NATIVE_CHECKED_UP_TO = 36;

test('the reference gives the published values (OEIS A000045), fib(78) included', () => {
  const published: Array<[number, bigint]> = [
    [0, 0n],
    [1, 1n],
    [2, 1n],
    [10, 55n],
    [30, 832040n],
    [50, 12586269025n],
    [78, 8944394323791464n],
    [79, 14472334024676221n],
  ];
  for (const [n, value] of published) assert.equal(fibReference(n), value, `fib(${n})`);
});

test('JS fib equals the iterative BigInt reference for n = 0..30', () => {
  for (let n = 0; n <= JS_CHECKED_UP_TO; n++) {
    assert.equal(BigInt(fib(n)), fibReference(n), `fib(${n})`);
  }
});

test('native fib equals the reference for n = 0..36 and equals JS fib where both run', () => {
  for (let n = 0; n <= NATIVE_CHECKED_UP_TO; n++) {
    assert.equal(BigInt(nativeFib(n)), fibReference(n), `native fib(${n})`);
    if (n <= JS_CHECKED_UP_TO) assert.equal(nativeFib(n), fib(n));
  }
});

test('native fibAsync (the cancellable recursion) equals the reference for n = 0..36', async () => {
  // Above n = 22 it is a different code path from the sync fib: the recursion that looks at
  // the cancel flag, with the sync recursion at its leaves.
  const ns = Array.from({ length: NATIVE_CHECKED_UP_TO + 1 }, (_, n) => n);
  const got = await Promise.all(ns.map((n) => fibAsync(n)));
  assert.deepEqual(got.map(BigInt), ns.map(fibReference));
});

test('the seed defines fib(1) = fib(2) = 1 and fib(0) = 0', () => {
  assert.deepEqual([0, 1, 2, 3, 10].map(fib), [0, 1, 1, 2, 55]);
  assert.deepEqual(
    [0, 1, 2, 3, 10].map((n) => nativeFib(n)),
    [0, 1, 1, 2, 55],
  );
});

test('MAX_EXACT_N = 78 is the last n whose fib is exact as a JS number', () => {
  assert.equal(MAX_EXACT_N, 78);
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  assert.ok(fibReference(78) <= max, 'fib(78) fits in 2^53 - 1');
  assert.ok(fibReference(79) > max, 'fib(79) does not');
  // Every n up to 78 round-trips exactly through a double.
  for (let n = 0; n <= MAX_EXACT_N; n++) {
    assert.equal(BigInt(Number(fibReference(n))), fibReference(n));
  }
});
