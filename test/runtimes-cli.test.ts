/** `fiblab runtimes`: the runtimes with their versions, and the support matrix as text, JSON and Markdown. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { RUNTIMES, runtimeAvailability } from '../ts/runtimes/registry.js';
import { VARIANTS } from '../ts/variants/registry.js';

const run = promisify(execFile);
const MODULE = fileURLToPath(new URL('../dist/commands/runtimes.js', import.meta.url));

/** Runs the compiled runtimesCli(args) in a child Node, bounded in time. */
async function runtimesCli(...args: string[]): Promise<string> {
  const script = `const { runtimesCli } = await import(${JSON.stringify(MODULE)});
process.exitCode = await runtimesCli(${JSON.stringify(args)});`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000 });
  return stdout;
}

const tsVariants = VARIANTS.filter((v) => v.kind === 'ts').map((v) => v.name);

test('the text shows each runtime with its version or why it is missing, then the matrix', async () => {
  const stdout = await runtimesCli();
  for (const runtime of RUNTIMES) {
    const availability = runtimeAvailability(runtime);
    const line = new RegExp(
      `^${runtime.name} .*${availability.ok ? '\\d+\\.\\d+\\.\\d+' : 'not installed'}`,
      'm',
    );
    assert.match(stdout, line);
  }
  for (const variant of tsVariants) assert.match(stdout, new RegExp(`^${variant} +[✓✗]`, 'm'));
  assert.match(stdout, /^ 1\. /m, 'numbered reasons');
});

test('--json gives every runtime and a cell for every runtime × variant', async () => {
  const json = JSON.parse(await runtimesCli('--json')) as {
    runtimes: Array<{ name: string; version: string | null; availability: { ok: boolean } }>;
    matrix: Array<{ row: string; cells: Record<string, { ok: boolean }> }>;
  };
  assert.deepEqual(
    json.runtimes.map((r) => r.name),
    RUNTIMES.map((r) => r.name),
  );
  for (const r of json.runtimes) assert.equal(r.version !== null, r.availability.ok, r.name);
  for (const variant of tsVariants) {
    const row = json.matrix.find((m) => m.row === variant);
    assert.deepEqual(
      Object.keys(row?.cells ?? {}),
      RUNTIMES.map((r) => r.name),
      variant,
    );
  }
});

test('--markdown is a table with one row per variant and numbered notes', async () => {
  const stdout = await runtimesCli('--markdown');
  for (const variant of tsVariants) assert.match(stdout, new RegExp(`^\\| \`${variant}\` +\\|`, 'm'));
  assert.match(stdout, /^1\. /m);
});
