/**
 * The pool strategy closed at every point of its threads' start never aborts the process:
 * Node's require(esm), which piscina tries first, aborts Node when a thread is terminated while
 * it links the task module, and a CI run met it once as a server killed by SIGABRT on a graceful
 * stop. 200 of `npm run soak:pool-stops`'s cycles on the system Node (~15 s). A race, so this
 * catches its return in most runs, not all: with piscina loading the ES module itself it
 * aborted in 6 runs of 9.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SCRIPT = fileURLToPath(new URL('../scripts/pool-stops.ts', import.meta.url));

test('the pool closed while its threads start, 200 times: no abort, every value exact', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', SCRIPT, '--cycles', '200', '--runtimes', 'node'],
    { timeout: 120_000 },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    assert.fail(`pool-stops failed: ${error.stdout ?? ''}${error.stderr ?? ''}`);
  });
  assert.match(stdout, /: 200 of 200 cycles clean in /);
});
