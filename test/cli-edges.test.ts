/**
 * The command line's edges, through the real CLI: negative values answered with the flag's range
 * (not parseArgs' "ambiguous"), `fiblab help CMD`, `fiblab serve VARIANT`, `variants` within 120
 * columns, and compare's help naming every file it writes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServer } from '../ts/launch/serve-command.js';
import { renderedWidth } from '../ts/render/table.js';
import { VARIANTS } from '../ts/variants/registry.js';
import { runCli } from './fixtures/run-cli.js';
import { CLI } from './helpers/server-process.js';

for (const [args, message] of [
  [['serve', '--port', '-1'], /^fiblab serve: --port must be a whole number from 0 to 65535, got '-1'$/],
  [['serve', '--max-n', '-5'], /^fiblab serve: --max-n must be a whole number from 0 to 78, got '-5'$/],
  [['load', '-c', '-3'], /^fiblab load: --clients must be a whole number from 1 to 10000, got '-3'$/],
  [['load', '--duration', '-2s'], /^fiblab load: --duration must be a duration such as 10s/],
] as const) {
  test(`${args.join(' ')}: the flag's range in our words, exit 2`, async () => {
    const { code, stderr } = await runCli([...args]);
    assert.equal(code, 2);
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, stderr);
    assert.match(lines[0] as string, message);
    assert.doesNotMatch(stderr, /ambiguous/);
  });
}

test("fiblab help CMD prints that command's help, as CMD --help does", async () => {
  for (const command of ['serve', 'load', 'variants']) {
    const viaHelp = await runCli(['help', command]);
    const viaFlag = await runCli([command, '--help']);
    assert.equal(viaHelp.code, 0);
    assert.equal(viaHelp.stdout, viaFlag.stdout);
    assert.match(viaHelp.stdout, new RegExp(`^Usage: fiblab ${command} `));
  }
  const unknown = await runCli(['help', 'frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  assert.match((await runCli(['help'])).stdout, /Commands:/);
});

test('fiblab serve VARIANT starts that variant, as --variant does', async () => {
  const server = await startServer(
    { command: process.execPath, args: [CLI, 'serve', 'native-async', '--port', '0'], env: {} },
    { timeoutMs: 20_000 },
  );
  try {
    assert.equal(server.readiness.variant, 'native-async');
  } finally {
    await server.stop(10_000);
  }
  const both = await runCli(['serve', 'answer', '--variant', 'event-loop']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /give the variant as 'answer' or with --variant, not both/);
});

test('fiblab variants fits 120 columns and still names and describes every variant; --wide is one line each', async () => {
  const narrow = await runCli(['variants']);
  assert.equal(narrow.code, 0);
  assert.ok(renderedWidth(narrow.stdout) <= 120, `${renderedWidth(narrow.stdout)} columns`);
  for (const v of VARIANTS) {
    assert.match(narrow.stdout, new RegExp(`^${v.name} `, 'm'));
    // The description, wrapped: every word of it is there, in order.
    const words = narrow.stdout.replace(/\s+/g, ' ');
    assert.ok(words.includes(v.description), `${v.name}'s description`);
  }
  const wide = await runCli(['variants', '--wide']);
  assert.equal(wide.code, 0);
  const rows = wide.stdout.trimEnd().split('\n').slice(2);
  assert.equal(rows.length, VARIANTS.length);
  for (const [i, v] of VARIANTS.entries())
    assert.ok(rows[i]?.startsWith(`${v.name} `) && rows[i]?.includes(v.description));
  const clash = await runCli(['variants', '--wide', '--json']);
  assert.equal(clash.code, 2);
});

test('compare --help names the .html report beside the .json, .md and .svg', async () => {
  const { code, stdout } = await runCli(['compare', '--help']);
  assert.equal(code, 0);
  for (const kind of ['.json', '.md', '.svg', '.html']) assert.ok(stdout.includes(kind), kind);
});
