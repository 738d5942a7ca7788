import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CancelToken, fibAsync } from 'fiblab/native';
// The raw napi-rs binding: its rejections say whether the Rust side had started the work.
import * as binding from '../packages/native/binding.js';
import { waitUntil } from './helpers/wait-until.js';

// fib(60) takes hours: a call of it that settles at all was stopped, not finished.
const FOREVER_N = 60;
const POOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE ?? 4);

// If cancellation ever breaks, endless calls keep pool threads, and so this process, alive after
// the failed tests, and even process.exit() waits for them (Node joins the pool threads on exit).
// Still alive 5 s after the last test: kill this process, which fails the file instead of hanging.
after(() => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 5_000).unref();
});

/** What Node's own APIs reject with on an abort, and this package's promise. */
function assertAbortError(error: unknown, reason: unknown): void {
  assert.ok(error instanceof Error, 'an Error');
  assert.equal(error.name, 'AbortError');
  assert.equal((error as { code?: unknown }).code, 'ABORT_ERR');
  assert.equal(error.message, 'The operation was aborted');
  assert.equal(error.cause, reason, "cause is the signal's reason");
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

/** Resolves once this process has burnt `ms` more CPU than now: a pool thread is computing. */
async function poolIsComputing(ms = 50): Promise<void> {
  const before = process.cpuUsage();
  const busy = await waitUntil(() => {
    const { user, system } = process.cpuUsage(before);
    return (user + system) / 1000 >= ms;
  }, 30_000);
  assert.ok(busy, 'no pool thread started computing within 30 s');
}

/** `POOL_SIZE` endless calls: every libuv thread is taken until `token` is cancelled. */
function fillThePool(token: CancelToken): Promise<unknown[]> {
  return Promise.allSettled(
    Array.from({ length: POOL_SIZE }, () => fibAsync(FOREVER_N, { cancelToken: token })),
  );
}

test('aborted before the call: an AbortError with the reason as cause, and the Rust side does no work', {
  timeout: 60_000,
}, async () => {
  const reason = new Error('no longer needed');
  const controller = new AbortController();
  controller.abort(reason);
  assertAbortError(await rejection(fibAsync(FOREVER_N, controller.signal)), reason);
  assertAbortError(await rejection(fibAsync(FOREVER_N, { signal: controller.signal })), reason);

  const token = new CancelToken();
  token.cancel();
  const raw = (await rejection(binding.fibAsync(FOREVER_N, undefined, token))) as Error;
  assert.match(raw.message, /cancelled before it started/);
});

test('aborted while queued behind a full pool: rejects at once, and the queued work never runs', {
  timeout: 60_000,
}, async () => {
  const busy = new CancelToken();
  const filled = fillThePool(busy);
  let poolFreed = false;
  void filled.then(() => {
    poolFreed = true;
  });

  // Behind POOL_SIZE endless calls in libuv's FIFO queue: certainly queued.
  const controller = new AbortController();
  const queued = fibAsync(FOREVER_N, { signal: controller.signal });
  const token = new CancelToken();
  // Its rejection is awaited at the end: take it now, so it is never unhandled in between.
  const rawQueued = rejection(binding.fibAsync(FOREVER_N, undefined, token));
  const reason = new Error('client left');
  controller.abort(reason);
  assertAbortError(await rejection(queued), reason);
  assert.equal(poolFreed, false, 'the rejection came while every pool thread was still busy');

  token.cancel();
  busy.cancel();
  await filled;
  // It got a pool thread only after the endless calls stopped, and did nothing with it.
  assert.match(((await rawQueued) as Error).message, /cancelled before it started/);
});

test('aborted while running: rejects at once, and the computation stops (fib(60) would take hours)', {
  timeout: 60_000,
}, async () => {
  const controller = new AbortController();
  const running = fibAsync(FOREVER_N, { signal: controller.signal });
  await poolIsComputing();
  const reason = new Error('enough');
  controller.abort(reason);
  assertAbortError(await rejection(running), reason);

  const token = new CancelToken();
  const raw = binding.fibAsync(FOREVER_N, undefined, token);
  await poolIsComputing();
  token.cancel();
  assert.match(((await rejection(raw)) as Error).message, /cancelled while running/);
});

test("AbortSignal.timeout(): the AbortError's cause is the signal's TimeoutError", {
  timeout: 60_000,
}, async () => {
  const signal = AbortSignal.timeout(20);
  const error = await rejection(fibAsync(FOREVER_N, signal));
  assertAbortError(error, signal.reason);
  assert.equal((signal.reason as Error).name, 'TimeoutError');
});

test('before the call, while queued and while running: the same error', { timeout: 60_000 }, async () => {
  const shapes: string[] = [];
  const shape = (error: unknown) => {
    const e = error as Error & { code?: string };
    return JSON.stringify([Object.getPrototypeOf(e).constructor.name, e.name, e.code, e.message]);
  };
  const early = new AbortController();
  early.abort();
  shapes.push(shape(await rejection(fibAsync(FOREVER_N, early.signal))));

  const busy = new CancelToken();
  const filled = fillThePool(busy);
  const queued = new AbortController();
  const queuedCall = fibAsync(FOREVER_N, queued.signal);
  queued.abort();
  shapes.push(shape(await rejection(queuedCall)));
  busy.cancel();
  await filled;

  const late = new AbortController();
  const runningCall = fibAsync(FOREVER_N, late.signal);
  await poolIsComputing();
  late.abort();
  shapes.push(shape(await rejection(runningCall)));
  assert.equal(new Set(shapes).size, 1, shapes.join('\n'));
});

test('a CancelToken stops every call made with it; each rejects with an AbortError', {
  timeout: 60_000,
}, async () => {
  const token = new CancelToken();
  const calls = Array.from({ length: POOL_SIZE + 2 }, () => fibAsync(FOREVER_N, { cancelToken: token }));
  await poolIsComputing();
  assert.equal(token.cancelled, false);
  token.cancel();
  assert.equal(token.cancelled, true);
  for (const error of await Promise.all(calls.map(rejection))) {
    assert.equal((error as Error).name, 'AbortError');
    assert.equal((error as { code?: string }).code, 'ABORT_ERR');
  }
  // Its calls stopped: the pool is free again.
  assert.equal(await fibAsync(20), 6765);
});

// With one pool thread, a probe queued behind aborted work comes back only if that work let go
// of the thread: the running call stopped and the queued one did nothing (either would
// otherwise hold it for hours). Nothing here waits on time but the bound.
const POOL_OF_ONE = `
import { fibAsync } from 'fiblab/native';
const running = new AbortController();
const queued = new AbortController();
const outcomes = [fibAsync(${FOREVER_N}, running.signal), fibAsync(${FOREVER_N}, queued.signal)].map((p) =>
  p.then(() => 'resolved', (error) => error.code),
);
const start = process.cpuUsage();
while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < 50) {
  await new Promise((resolve) => setTimeout(resolve, 10)); // until the one pool thread computes
}
queued.abort();
running.abort();
console.log(JSON.stringify({ outcomes: await Promise.all(outcomes), probe: await fibAsync(20) }));
`;

test('with a pool of one thread, aborted running and queued work leave it free for the next call', {
  timeout: 90_000,
}, async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', POOL_OF_ONE], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, UV_THREADPOOL_SIZE: '1' },
    timeout: 60_000, // SIGTERM to this child's PID: a pool thread still held fails the test here
  });
  assert.deepEqual(JSON.parse(stdout), { outcomes: ['ABORT_ERR', 'ABORT_ERR'], probe: 6765 });
});

test('an unaborted signal changes nothing and leaves no listener behind', { timeout: 60_000 }, async () => {
  const { signal } = new AbortController();
  assert.equal(await fibAsync(20, signal), 6765);
  assert.equal(await fibAsync(20, { signal, maxN: 20 }), 6765);
  assert.equal(getEventListeners(signal, 'abort').length, 0);
});
