/** compare --precision: more rounds for the cells that need them, until the headline ratios are tight or the budget ends. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The compare runs here check what a run does and says, not its figures: each server is warmed 0.2 s after its
// start instead of 1 s (test-only; docs/testing.md).
process.env.FIBLAB_TEST_SERVER_WARMUP = '0.2';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

async function compare(args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'fiblab-precision-'));
  try {
    const { stdout } = await run(
      process.execPath,
      [
        CLI,
        'compare',
        '--only',
        'pool',
        '--runtimes',
        'node',
        '--scenarios',
        'cpu',
        '--slice',
        '150ms',
        '--warmup',
        '50ms',
        '--json',
        '--out',
        out,
        ...args,
      ],
      { timeout: 150_000, maxBuffer: 64 << 20 },
    );
    return JSON.parse(stdout);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const label = 'pool: 2 clients ÷ 1 client, n=22';

test('a precision within reach stops once every headline ratio has it', { timeout: 160_000 }, async () => {
  const doc = await compare(['--rounds', '2', '--precision', '95%', '--budget', '2m']);
  assert.deepEqual(doc.imprecise, []);
  const ratio = doc.headlineRatios.find((h: { label: string }) => h.label === label);
  assert.ok(ratio.halfWidth <= 0.95, `±${ratio.halfWidth}`);
  assert.ok(!doc.warnings.some((w: string) => w.includes('--precision was not reached')));
});

test('a precision out of reach ends with the budget and names the ratios that missed it', {
  timeout: 160_000,
}, async () => {
  const doc = await compare(['--rounds', '2', '--precision', '0.01%', '--budget', '6s']);
  assert.deepEqual(doc.imprecise, [label]);
  assert.ok(
    doc.environment.rounds === 2 && new Set(doc.records.map((r: { round: number }) => r.round)).size > 2,
    'it went on past the planned rounds',
  );
  assert.ok(
    doc.warnings.some((w: string) =>
      w.includes(`--precision was not reached within the budget for: ${label}`),
    ),
  );
});
