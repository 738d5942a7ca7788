'use strict';
// The release workflow's check of each platform binary, on its own OS and CPU, with nothing
// installed: fib, fibAsync, an abort of running work, a bad argument. Not in the package (files).
const assert = require('node:assert/strict');
const { fib, fibAsync } = require('./index.js');

(async () => {
  assert.equal(fib(30), 832040);
  assert.equal(await fibAsync(25), 75025);
  const controller = new AbortController();
  const running = fibAsync(60, controller.signal); // hours of work unless the abort stops it
  const reason = new Error('stop');
  controller.abort(reason);
  await assert.rejects(running, { name: 'AbortError', code: 'ABORT_ERR', cause: reason });
  assert.throws(() => fib('30'), { name: 'TypeError', code: 'ERR_FIB_TYPE' });
  assert.equal(await fibAsync(20), 6765, 'the pool is free again');
  console.log(`@fiblab/native ok on ${process.platform}-${process.arch}, Node ${process.version}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
