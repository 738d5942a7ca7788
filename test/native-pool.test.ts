/**
 * FibPool (issue 13, "a faster hop"): the real addon's Rust-owned pool. Values, the argument
 * checks fibAsync makes, batching, cancellation (queued calls do no work, running ones stop),
 * close(), and lifetime: an idle pool never keeps a process alive, a busy one does until its
 * calls settle, a collected pool joins its threads, a worker thread or process that ends with a
 * call running ends promptly. fib(60) takes hours: a call of it that settles was stopped.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CancelToken, FibPool, fibAsync } from 'fiblab/native';
import { fibReference } from '../ts/reference.js';
import { threadCpuMs, wallAtLeastMs } from './helpers/cpu-evidence.js';
import { settledWithin, waitUntil } from './helpers/wait-until.js';

const FOREVER_N = 60;
const INDEX = fileURLToPath(new URL('../packages/native/index.js', import.meta.url));
const run = promisify(execFile);

// A broken stop would leave endless calls on Rust threads; a joined close() would then hang.
after(() => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 10_000).unref();
});

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  assert.fail('expected a rejection');
}

test('pool.fib gives the exact values, one at a time and 64 at once', async () => {
  const pool = new FibPool({ threads: 2 });
  try {
    assert.equal(pool.threads, 2);
    for (let n = 0; n <= 30; n++) assert.equal(await pool.fib(n), Number(fibReference(n)), `fib(${n})`);
    const ns = Array.from({ length: 64 }, (_, i) => i % 26);
    assert.deepEqual(
      await Promise.all(ns.map((n) => pool.fib(n))),
      ns.map((n) => Number(fibReference(n))),
    );
  } finally {
    await pool.close();
  }
});

test('threads defaults to the available parallelism; bad options are refused with a code', async () => {
  const pool = new FibPool();
  assert.equal(pool.threads, availableParallelism());
  await pool.close();
  for (const [options, name, code] of [
    [{ threads: 0 }, 'RangeError', 'ERR_FIB_RANGE'],
    [{ threads: 257 }, 'RangeError', 'ERR_FIB_RANGE'],
    [{ threads: 1.5 }, 'RangeError', 'ERR_FIB_RANGE'],
    [{ threads: '2' }, 'TypeError', 'ERR_FIB_TYPE'],
    [{ spinMicros: -1 }, 'RangeError', 'ERR_FIB_RANGE'],
    [{ spinMicros: 1_000_001 }, 'RangeError', 'ERR_FIB_RANGE'],
    ['fast', 'TypeError', 'ERR_FIB_TYPE'],
  ] as const) {
    assert.throws(() => new FibPool(options as never), { name, code }, JSON.stringify(options));
  }
});

test('pool.fib checks its arguments exactly as fibAsync does: same class, code and message', async () => {
  const pool = new FibPool({ threads: 1 });
  try {
    const cases: Array<[unknown, unknown]> = [
      ['30', undefined],
      [undefined, undefined],
      [10n, undefined],
      [null, undefined],
      [79, undefined],
      [-1, undefined],
      [2.5, undefined],
      [Number.NaN, undefined],
      [Number.POSITIVE_INFINITY, undefined],
      [41, { maxN: 40 }],
      [5, { maxN: 79 }],
      [5, { maxN: '40' }],
      [5, { cancelToken: {} }],
      [5, 'options'],
    ];
    for (const [n, options] of cases) {
      const ours = await rejection(pool.fib(n as number, options as never));
      const theirs = await rejection(fibAsync(n as number, options as never));
      const what = `pool.fib(${String(n)}, ${JSON.stringify(options)})`;
      assert.equal(ours.name, theirs.name, what);
      assert.equal(ours.code, theirs.code, what);
      assert.ok(['ERR_FIB_TYPE', 'ERR_FIB_RANGE'].includes(ours.code ?? ''), what);
      if (theirs.message.startsWith('fibAsync:')) {
        // An options error names its function (and fibAsync's also mentions AbortSignal).
        assert.match(ours.message, /^pool\.fib: /, what);
      } else {
        assert.equal(ours.message, theirs.message, what); // n's errors: the same Rust check
      }
    }
    // A bad call leaves nothing behind: the pool still answers.
    assert.equal(await pool.fib(40, { maxN: 40 }).then(() => 'ran'), 'ran');
  } finally {
    await pool.close();
  }
});

test('a cancelled token stops the running call and the queued one does no work; others run on', async () => {
  const pool = new FibPool({ threads: 1 });
  let settled = false;
  try {
    const token = new CancelToken();
    const before = threadCpuMs(process.pid);
    const running = rejection(pool.fib(FOREVER_N, { cancelToken: token }));
    const queued = rejection(pool.fib(FOREVER_N, { cancelToken: token }));
    const other = pool.fib(25);
    // CPU-time evidence that the first call is running: one of our threads (the pool's only one;
    // the main thread waits here on timers) computes.
    const started = await waitUntil(() => wallAtLeastMs(before, threadCpuMs(process.pid)) >= 50, 10_000, 5);
    assert.ok(started, `pool.fib(${FOREVER_N}) never used 50 ms of a thread within 10 s`);
    token.cancel();
    const [r, q] = await settledWithin(
      Promise.all([running, queued]),
      10_000,
      'both calls after cancel(): not settled within 10000 ms',
    );
    settled = true;
    for (const error of [r, q]) {
      assert.equal(error.name, 'AbortError');
      assert.equal(error.code, 'ABORT_ERR');
    }
    assert.equal(r.message, `pool.fib(${FOREVER_N}) was cancelled while running`);
    // The second call was still queued behind the first on the only thread when the flag was set.
    assert.equal(q.message, `pool.fib(${FOREVER_N}) was cancelled before it started`);
    assert.equal(await other, 75025);
  } finally {
    // close() joins the thread: after a running call that ignored its token it would block
    // for ever, so it is left to the process's end (the after() hook above).
    if (settled) await pool.close();
  }
});

test('close() rejects calls in flight with ERR_FIB_POOL_CLOSED, stops running ones, and refuses later calls', async () => {
  const pool = new FibPool({ threads: 1 });
  const running = rejection(pool.fib(FOREVER_N));
  const queued = rejection(pool.fib(FOREVER_N));
  await pool.close(); // joins the thread: returns only because the running fib(60) stopped
  for (const error of await Promise.all([running, queued])) {
    assert.equal(error.code, 'ERR_FIB_POOL_CLOSED');
    assert.match(error.message, /closed/);
  }
  const later = await rejection(pool.fib(1));
  assert.equal(later.code, 'ERR_FIB_POOL_CLOSED');
  assert.equal(later.message, 'pool.fib(1): the FibPool is closed');
  await pool.close(); // idempotent
});

/** Runs `code` as an ES module in a child Node (the package by path), bounded; its exit and stdout. */
async function child(code: string, args: string[] = []) {
  const script = `import { createRequire } from 'node:module';\nconst { FibPool } = createRequire(import.meta.url)(${JSON.stringify(INDEX)});\n${code}`;
  try {
    const { stdout } = await run(process.execPath, [...args, '--input-type=module', '-e', script], {
      timeout: 60_000,
      killSignal: 'SIGKILL',
    });
    return { code: 0, stdout: stdout.trim() };
  } catch (error) {
    const e = error as { code?: number | string; signal?: string; stdout?: string; stderr?: string };
    return { code: e.signal ?? e.code, stdout: e.stdout?.trim(), stderr: e.stderr };
  }
}

test('a script exits on its own: an idle pool holds nothing, a busy one holds the loop until its calls settle', async () => {
  // No close(): were the threadsafe function referenced while idle, these would never exit
  // (the child is killed at the 60 s bound and the assertion names the signal).
  assert.deepEqual(await child('const pool = new FibPool(); console.log(await pool.fib(25));'), {
    code: 0,
    stdout: '75025',
  });
  assert.deepEqual(await child('new FibPool({ threads: 3 }); console.log("idle");'), {
    code: 0,
    stdout: 'idle',
  });
  // Nothing awaits and nothing references the pool: the call in flight alone keeps the
  // process (and the pool, through the collections that follow) alive until it settles.
  assert.deepEqual(
    await child(
      'new FibPool({ threads: 1 }).fib(32).then((v) => console.log(v)); for (let i = 0; i < 5; i++) { gc(); await new Promise((r) => setImmediate(r)); }',
      ['--expose-gc'],
    ),
    { code: 0, stdout: '2178309' },
  );
});

const taskCount = "() => (await import('node:fs')).readdirSync('/proc/self/task').length";

test('a pool that is garbage-collected without close() joins its threads', {
  skip: existsSync('/proc/self/task') ? false : 'needs /proc/self/task to count threads',
}, async () => {
  assert.ok(readdirSync('/proc/self/task').length > 0);
  const result = await child(
    `const tasks = ${taskCount.replace('() =>', 'async () =>')};
const before = await tasks();
let pool = new FibPool({ threads: 4 });
await pool.fib(20);
const during = await tasks();
pool = undefined;
let afterGc = during;
for (let i = 0; i < 200 && afterGc > before; i++) { gc(); await new Promise((r) => setTimeout(r, 10)); afterGc = await tasks(); }
console.log(JSON.stringify({ added: during - before, left: afterGc - before }));`,
    ['--expose-gc'],
  );
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout ?? ''), { added: 4, left: 0 });
});

test('a worker thread that ends with a call running, and a process that exits with one, end promptly', async () => {
  const worker = await child(`import { Worker } from 'node:worker_threads';
const w = new Worker(\`import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
const { FibPool } = createRequire(import.meta.url)(\${JSON.stringify(${JSON.stringify(INDEX)})});
const pool = new FibPool({ threads: 3 });
pool.fib(${FOREVER_N}); pool.fib(${FOREVER_N});
// fib(1) came back from the third thread; then that one runs forever too and one more queues.
pool.fib(1).then(() => { pool.fib(${FOREVER_N}); pool.fib(${FOREVER_N}); parentPort.postMessage('running'); });\`, { eval: true });
await new Promise((r) => w.once('message', r));
console.log('terminated', await w.terminate());`);
  // terminate() resolves once the worker's env is torn down: its cleanup hook stopped the
  // running fib(60)s and joined the threads (else it waits for hours and the bound kills it).
  assert.deepEqual(worker, { code: 0, stdout: 'terminated 1' });
  assert.deepEqual(
    await child(
      `const pool = new FibPool({ threads: 2 }); pool.fib(${FOREVER_N}); await pool.fib(1); setImmediate(() => process.exit(7));`,
    ),
    { code: 7, stdout: '', stderr: '' },
  );
});
