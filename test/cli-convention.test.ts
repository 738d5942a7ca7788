/** Every command follows one convention: --help, one-line usage errors with exit 2, --version. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from './fixtures/run-cli.js';

const COMMANDS = ['serve', 'variants', 'load', 'compare', 'runtimes'];
const ROOT = fileURLToPath(new URL('..', import.meta.url));

test('fiblab --version and -V print the package version', async () => {
  const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
  for (const flag of ['--version', '-V']) {
    const { code, stdout } = await runCli([flag]);
    assert.equal(code, 0);
    assert.equal(stdout, `fiblab ${version}\n`);
  }
});

for (const command of COMMANDS) {
  test(`fiblab ${command} --help and -h print its usage and exit 0`, async () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout, stderr } = await runCli([command, flag]);
      assert.equal(code, 0, stderr);
      assert.match(stdout, new RegExp(`^Usage: fiblab ${command}`));
      assert.match(stdout, /-h, --help/);
    }
  });

  test(`fiblab ${command} --no-such-flag: one line, the usage line, exit 2, no stack trace`, async () => {
    const { code, stdout, stderr } = await runCli([command, '--no-such-flag']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, stderr);
    assert.match(lines[0] as string, new RegExp(`^fiblab ${command}: unknown option '--no-such-flag'$`));
    assert.match(lines[1] as string, new RegExp(`^Usage: fiblab ${command}`));
  });
}

test('an unknown command says so on one line plus the usage line, exit 2', async () => {
  const { code, stderr } = await runCli(['frobnicate']);
  assert.equal(code, 2);
  assert.equal(stderr.trimEnd().split('\n').length, 2);
  assert.match(stderr, /^fiblab: unknown command 'frobnicate'\nUsage: fiblab <command>/);
});

/** Runs the zx entry the README names, as `npx zx scripts/compare.mjs` does. */
function zxCompare(args: string[]): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/zx/build/cli.js'), 'scripts/compare.mjs', ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: performance.now() - started });
    }),
  );
}

for (const [args, message] of [
  [['--bogus'], /unknown option '--bogus'/],
  [['--scenarios', 'nope'], /--scenarios: unknown 'nope'; valid: io, cpu, heavy, mixed/],
  [
    ['--only', 'evnt-loop'],
    /--only: unknown variant 'evnt-loop'; valid: sequential, event-loop, .*or MODEL\+STRATEGY/,
  ],
  [['--runtimes', 'node,bnu'], /--runtimes: unknown 'bnu'/],
  [['--slice', '0'], /--slice must be a duration/],
  [['--quick', '--full'], /give --quick or --full, not both/],
] as const) {
  test(`zx scripts/compare.mjs ${args.join(' ')} is refused before anything runs (exit 2)`, async () => {
    const out = mkdtempSync(join(tmpdir(), 'fiblab-typo-'));
    try {
      const { code, stderr, ms } = await zxCompare([...args, '--out', out]);
      assert.equal(code, 2, stderr);
      assert.match(stderr, message);
      assert.match(stderr, /Usage: fiblab compare \[options\]/);
      assert.deepEqual(readdirSync(out), [], 'nothing measured, nothing written');
      // A run takes minutes; a refusal is parsing only (bound generous for a busy 2-core box).
      assert.ok(ms < 10_000, `took ${Math.round(ms)} ms`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}
