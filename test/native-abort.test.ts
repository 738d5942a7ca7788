import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fibAsync } from 'fiblab/native';

test('a signal aborted before the call rejects with an AbortError and runs nothing', async () => {
  const controller = new AbortController();
  controller.abort(new Error('no longer needed'));
  await assert.rejects(fibAsync(30, controller.signal), { name: 'AbortError' });
});

test('aborting work still queued behind a busy pool rejects it with an AbortError', async () => {
  // Fill every libuv thread (4 unless UV_THREADPOOL_SIZE says otherwise) so the next one queues.
  const poolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const busy = Array.from({ length: poolSize }, () => fibAsync(35));
  const controller = new AbortController();
  const queued = fibAsync(35, controller.signal);
  controller.abort();
  await assert.rejects(queued, { name: 'AbortError' });
  assert.equal((await Promise.all(busy)).length, poolSize);
});

test('an unaborted signal changes nothing', async () => {
  assert.equal(await fibAsync(20, new AbortController().signal), 6765);
});
