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

interface TestBinding {
  fib(n: number): number;
  fibAsync(n: number): Promise<number>;
  __panicSync(): number;
  __panicAsync(): Promise<number>;
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

test('the release build has no test hooks: not exported, not declared', () => {
  const release = createRequire(import.meta.url)(RELEASE_BUILD) as Record<string, unknown>;
  assert.deepEqual(
    Object.keys(release).filter((name) => name.startsWith('__panic')),
    [],
  );
  assert.doesNotMatch(readFileSync(RELEASE_BUILD.replace(/\.js$/, '.d.ts'), 'utf8'), /__panic/);
});
