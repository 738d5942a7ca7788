import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fibAsync, fib as nativeFib } from 'fiblab/native';
// The raw binding holds the test-only entry points that panic on purpose.
import { __panicAsync, __panicSync } from '../native/binding.js';

test('a Rust panic on the JS thread becomes a JS error', () => {
  assert.throws(() => __panicSync(), { message: /ERR_FIB_PANIC: Rust panic: deliberate panic \(sync\)/ });
});

test('a Rust panic on a libuv thread rejects the promise instead of aborting Node', async () => {
  await assert.rejects(__panicAsync(), { message: /ERR_FIB_PANIC: Rust panic: deliberate panic \(async\)/ });
});

test('after both panics the process and the addon keep working', async () => {
  assert.throws(() => __panicSync());
  await assert.rejects(__panicAsync());
  assert.equal(nativeFib(20), 6765);
  assert.equal(await fibAsync(20), 6765);
});
