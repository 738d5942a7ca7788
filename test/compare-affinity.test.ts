/** compare --server-cpus / --load-cpus: refused with the reason where it cannot be, pinned where it can. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { allowedCpus, findTaskset } from '../ts/launch/affinity.js';
import { minimalCompareArgs } from './helpers/compare-args.js';
import { skipUnlessTool } from './helpers/needs-tool.js';

// The compare runs here check what a run does and says, not its figures: each server is warmed 0.2 s after its
// start instead of 1 s (test-only; docs/testing.md).
process.env.FIBLAB_TEST_SERVER_WARMUP = '0.2';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const fails = (args: string[]) =>
  run(process.execPath, [CLI, 'compare', ...args], { timeout: 20_000 }).then(
    () => assert.fail('expected exit 2'),
    (error: { code: number; stderr: string }) => error,
  );

test('overlapping, unknown or lone CPU sets are refused before anything starts (exit 2)', async () => {
  const cpus = allowedCpus();
  for (const [args, message] of [
    [['--server-cpus', '0', '--load-cpus', '0'], /overlap on CPU 0/],
    [['--server-cpus', '0', '--load-cpus', '4095'], /--load-cpus: CPU 4095 is not available here/],
    [['--server-cpus', '0'], /--server-cpus and --load-cpus go together/],
    [['--server-cpus', 'x', '--load-cpus', '1'], /--server-cpus/],
  ] as const) {
    const { code, stderr } = await fails([...args]);
    assert.equal(code, 2, stderr);
    assert.match(stderr, message);
  }
  assert.ok(cpus.length >= 1);
});

test('with separate CPUs the run measures, and says where the servers ran', {
  timeout: 120_000,
}, async (t) => {
  const cpus = allowedCpus();
  if (cpus.length < 2) return t.skip(`this machine lets fiblab use ${cpus.length} CPU`);
  if (findTaskset() === undefined)
    return t.skip(skipUnlessTool('taskset', 'taskset (util-linux) is not installed'));
  const out = mkdtempSync(join(tmpdir(), 'fiblab-affinity-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const [server, load] = [String(cpus[0]), String(cpus[1])];
  const { stdout } = await run(
    process.execPath,
    [
      CLI,
      'compare',
      '--server-cpus',
      server,
      '--load-cpus',
      load,
      ...minimalCompareArgs(out, { only: 'event-loop', warmup: null }),
    ],
    { timeout: 110_000, maxBuffer: 64 << 20 },
  );
  const doc = JSON.parse(stdout);
  assert.equal(
    doc.environment.servers,
    `this machine, servers on CPU ${server}, load generator on CPU ${load}`,
  );
  assert.equal(doc.records.length, 2);
  for (const r of doc.records) assert.ok(r.reqPerSec > 0 && r.wrongAnswers === 0);
});
