import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// The test build of the addon (`npm run build:native:test`, run by `pretest`): the release
// build has no entry points that panic on purpose, this one has them behind the cargo feature
// `test-hooks`. It is a debug build of the same crate, loaded through its own napi-rs loader.
const TEST_BUILD = fileURLToPath(new URL('../.cache/native-test/binding.js', import.meta.url));
const RELEASE_BUILD = fileURLToPath(new URL('../packages/native/binding.js', import.meta.url));

type WakeArgs = [okPairs: number[], failedIds: number[] | null, errors: Error[] | null];

interface TestPool {
  submit(id: number, n: number): void;
  __panicPool(id: number): void;
  close(): void;
}

interface TestBinding {
  fib(n: number): number;
  fibAsync(n: number): Promise<number>;
  __panicSync(): number;
  __panicAsync(): Promise<number>;
  RustPool: new (onWake: (...args: WakeArgs) => void, threads?: number, spinMicros?: number) => TestPool;
}

function testBinding(): TestBinding {
  assert.ok(existsSync(TEST_BUILD), `${TEST_BUILD} is missing: run npm run build:native:test`);
  return createRequire(import.meta.url)(TEST_BUILD) as TestBinding;
}

const PANIC = { name: 'Error', code: 'ERR_FIB_PANIC' };

test('a Rust panic on the JS thread becomes a JS error with code ERR_FIB_PANIC', () => {
  assert.throws(() => testBinding().__panicSync(), {
    ...PANIC,
    message: 'Rust panic: deliberate panic (sync)',
  });
});

test('a Rust panic inside fibAsync on a libuv thread rejects the promise instead of aborting Node', async () => {
  await assert.rejects(testBinding().__panicAsync(), {
    ...PANIC,
    message: 'Rust panic: deliberate panic (async)',
  });
});

test('after both panics the process and the addon keep working', async () => {
  const binding = testBinding();
  assert.throws(() => binding.__panicSync(), PANIC);
  await assert.rejects(binding.__panicAsync(), PANIC);
  assert.equal(binding.fib(20), 6765);
  assert.equal(await binding.fibAsync(20), 6765);
});

test('a Rust panic in a FibPool job rejects that call only; the worker thread lives and serves the next', async () => {
  // FibPool's native half, driven as the package's wrapper drives it: ids in, batches out.
  const outcomes = new Map<number, { value?: number; error?: Error }>();
  let arrived: () => void = () => {};
  const pool = new (testBinding().RustPool)(
    (okPairs, failedIds, errors) => {
      for (let i = 0; i < okPairs.length; i += 2) outcomes.set(okPairs[i] ?? -1, { value: okPairs[i + 1] });
      for (const [i, id] of (failedIds ?? []).entries()) outcomes.set(id, { error: errors?.[i] });
      arrived();
    },
    1, // one thread: the job after the panic runs on the very thread that panicked
  );
  const until = async (count: number) => {
    while (outcomes.size < count) await new Promise<void>((resolve) => (arrived = resolve));
  };
  try {
    pool.__panicPool(1);
    pool.submit(2, 20);
    await until(2);
    const error = outcomes.get(1)?.error as Error & { code?: string };
    assert.equal(error.code, 'ERR_FIB_PANIC');
    assert.equal(error.message, 'Rust panic: deliberate panic (pool)');
    assert.deepEqual(outcomes.get(2), { value: 6765 });
  } finally {
    pool.close();
  }
});

test('the release build has no test hooks: not exported, not declared', () => {
  const release = createRequire(import.meta.url)(RELEASE_BUILD) as Record<string, unknown>;
  assert.deepEqual(
    Object.keys(release).filter((name) => name.startsWith('__panic') || name.startsWith('__override')),
    [],
  );
  const pool = release.RustPool as { prototype: object };
  assert.equal('__panicPool' in pool.prototype, false, 'RustPool has no __panicPool');
  assert.doesNotMatch(readFileSync(RELEASE_BUILD.replace(/\.js$/, '.d.ts'), 'utf8'), /__panic/);
});
