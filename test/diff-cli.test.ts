/**
 * `fiblab diff`, `fiblab compare --from … --baseline …/--export …` and the regression gate's
 * script (`npm run regress`), on saved runs made up with known changes: exit statuses, the
 * table, the refusal naming the field, the gate's report where CI reads it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from './fixtures/run-cli.js';
import { savedDocument, type TrueCell } from './helpers/saved-run.js';

const REGRESS = fileURLToPath(new URL('../scripts/regress.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fiblab-diff-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const cells: TrueCell[] = [
  { variant: 'event-loop', reqPerSec: 20_000, p99Ms: 0.1, cpuUsPerReply: 40 },
  { variant: 'pool', reqPerSec: 12_000, p99Ms: 0.2, cpuUsPerReply: 80 },
];
const slower = cells.map((c) =>
  c.variant === 'pool' ? { ...c, reqPerSec: c.reqPerSec / 1.5, cpuUsPerReply: 120 } : c,
);
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const OLD = file('old.json', savedDocument(cells, { seed: 1 }));
const SAME = file('same.json', savedDocument(cells, { seed: 101 }));
const SLOWER = file(
  'slower.json',
  savedDocument(slower, { seed: 101, environment: { gitCommit: 'def5678' } }),
);
const OTHER_MACHINE = file('other.json', savedDocument(cells, { seed: 2, environment: { cores: 8 } }));

test('diff OLD NEW: the table, ~ for unchanged cells, exit 0; --threshold fails on the slowed cell', async () => {
  const same = await runCli(['diff', OLD, SAME]);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /event-loop@node io n=1 ×1 +~ /);
  assert.match(same.stdout, /req\/s: 100 % of 2 cells ~/);
  const gated = await runCli(['diff', '--threshold', '10%', OLD, SLOWER]);
  assert.equal(gated.code, 1, gated.stdout);
  assert.match(gated.stdout, /Significantly worse by more than 10 %:\n- pool@node io n=1 ×1 req\/s: 0\.6\d×/);
  assert.equal((await runCli(['diff', '--threshold', '60%', OLD, SLOWER])).code, 0, '1.5× is within 60 %');
  const json = await runCli(['diff', '--json', OLD, SLOWER]);
  assert.equal(JSON.parse(json.stdout).cells.length, 2);
});

test('diff refuses runs of another machine naming the field, and bad input, with exit 2 and one line', async () => {
  const other = await runCli(['diff', OLD, OTHER_MACHINE]);
  assert.equal(other.code, 2);
  assert.equal(other.stdout, '');
  assert.match(other.stderr, /^fiblab diff: the runs are not comparable: cores: 2 → 8\nUsage: /);
  for (const args of [
    ['diff', OLD],
    ['diff', OLD, join(dir, 'missing.json')],
    ['diff', '--threshold', 'x', OLD, SAME],
  ]) {
    const bad = await runCli(args);
    assert.equal(bad.code, 2, args.join(' '));
    assert.equal(bad.stderr.split('\n').length, 3, bad.stderr);
  }
  const notJson = await runCli(['diff', OLD, file('junk.json', 'not json')]);
  assert.match(notJson.stderr, /NEW: .*junk\.json is not JSON/);
});

test('compare --from NEW --baseline OLD prints the table under the report; --export writes the files', async () => {
  const out = join(dir, 'out');
  const result = await runCli(
    ['compare', '--from', SLOWER, '--baseline', OLD, '--export', 'bmf,github-action-benchmark', '--out', out],
    60_000,
  );
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    /Against the saved run of .*\n(.*\n)*pool@node io n=1 ×1 +0\.6\d× \(.*\) +worse/,
  );
  for (const name of [
    'bmf.json',
    'github-action-benchmark-bigger.json',
    'github-action-benchmark-smaller.json',
  ])
    assert.ok(JSON.parse(readFileSync(join(out, name), 'utf8')), name);
  const refused = await runCli(['compare', '--from', OTHER_MACHINE, '--baseline', OLD, '--out', out], 60_000);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /not comparable: cores: 2 → 8/);
  const badExport = await runCli(['compare', '--export', 'csv']);
  assert.equal(badExport.code, 2);
  assert.match(badExport.stderr, /--export: unknown 'csv'; valid: bmf, github-action-benchmark/);
});

test('compare --baseline from another machine is refused before anything is measured', async () => {
  const elsewhere = file(
    'elsewhere.json',
    savedDocument(cells, { seed: 3, environment: { cpuModel: 'Elsewhere CPU' } }),
  );
  const started = performance.now();
  const result = await runCli([
    'compare',
    '--baseline',
    elsewhere,
    '--only',
    'event-loop',
    '--out',
    join(dir, 'x'),
  ]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--baseline: this run would not be comparable: CPU model: 'Elsewhere CPU' → /);
  assert.ok(performance.now() - started < 10_000, 'no run was measured');
  const slices = await runCli(['compare', '--baseline', OLD, '--slice', '0.3s', '--out', join(dir, 'x')]);
  assert.match(slices.stderr, /slice length \(s\): 0\.4 → 0\.3/);
});

test('npm run regress -- --baseline OLD --new NEW: exit 1 on a regression, the report in the job summary', () => {
  const out = join(dir, 'regress');
  const summary = file('summary.md', '');
  const run = (args: string[]) =>
    spawnSync(process.execPath, [REGRESS, ...args, '--out', out], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, GITHUB_STEP_SUMMARY: summary },
    });
  const failing = run(['--baseline', OLD, '--new', SLOWER, '--threshold', '10%']);
  assert.equal(failing.status, 1, failing.stderr);
  const report = readFileSync(join(out, 'regress.md'), 'utf8');
  assert.match(report, /^## fiblab: this change against the base branch/);
  assert.match(report, /\| pool@node io n=1 ×1 +\| 0\.6\d× .* worse/);
  assert.equal(readFileSync(summary, 'utf8'), report, 'appended to the job summary');
  assert.equal(run(['--baseline', OLD, '--new', SAME]).status, 0);
  const refused = run(['--baseline', OLD, '--new', OTHER_MACHINE]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /not comparable: cores: 2 → 8/);
  const usage = run(['--new', SAME]);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^regress: give --save FILE or --baseline FILE\n/);
});
