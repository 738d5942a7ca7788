/**
 * `fiblab compare` with FIBLAB_PLATFORM=portable: the servers' CPU and memory come from the
 * process table (`ps` here, as on macOS), the machine's load from os.cpus(), a `--server` command
 * runs under `shell: true` and is stopped as a process tree; the report names the sampler and
 * its resolution, and what it cannot give is "n/a (reason)", never a silent 0.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from './fixtures/run-cli.js';
import { minimalCompareArgs } from './helpers/compare-args.js';

// The compare runs here check what a run does and says, not its figures: each server is warmed 0.2 s after its
// start instead of 1 s (test-only; docs/testing.md).
process.env.FIBLAB_TEST_SERVER_WARMUP = '0.2';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const LINES_ARGS = `${CLI} serve --variant event-loop --port 0`;

/** Processes whose command line runs the `lines` server below (POSIX `ps`; none listed on Windows). */
const linesServers = (): string[] =>
  process.platform === 'win32'
    ? []
    : execFileSync('ps', ['-A', '-o', 'pid=,args='], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.includes(LINES_ARGS));

test('compare under FIBLAB_PLATFORM=portable: every server measured, the sampler named, n/a with reasons', {
  timeout: 120_000,
}, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'fiblab-compare-portable-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  process.env.FIBLAB_PLATFORM = 'portable'; // inherited by the compare process (this file runs alone)
  const result = await runCli(
    [
      'compare',
      '--server',
      `lines="${process.execPath}" ${LINES_ARGS}`,
      ...minimalCompareArgs(out, { only: 'event-loop' }),
    ],
    110_000,
  );
  delete process.env.FIBLAB_PLATFORM;
  assert.equal(result.code, 0, result.stderr);
  // Stopped as a process tree (shell and server), with no process group: nothing left running.
  assert.deepEqual(linesServers(), [], 'the --server command was stopped with all it started');
  const doc = JSON.parse(result.stdout);
  const sampling = doc.environment.sampling;
  t.diagnostic(JSON.stringify(sampling));
  assert.equal(
    sampling.process,
    process.platform === 'win32' ? 'PowerShell Get-CimInstance Win32_Process' : 'ps (POSIX process table)',
  );
  assert.equal(sampling.machine, 'os.cpus()');
  assert.ok(sampling.missing.some((m: string) => m.startsWith('steal: os.cpus() has no steal time')));
  assert.equal(doc.environment.atStart.stealPct, null, 'no steal figure: null, not 0');

  type Rec = {
    variant: string;
    serverCpu: number | null;
    cpuUsPerReply: number | null;
    serverRssMiB: number | null;
    cpuNa?: string;
    coarseCpu?: { cpuMs: number; stepMs: number; windowMs: number; replies: number };
  };
  const records = doc.records as Rec[];
  for (const name of ['event-loop', 'lines'])
    assert.equal(records.filter((r) => r.variant === name).length, 2);
  const coarse = sampling.cpuResolutionMs >= 100;
  for (const r of records) {
    assert.ok(r.serverRssMiB !== null && r.serverRssMiB > 1, `${r.variant}: its memory was read`);
    if (coarse) {
      // procps: whole seconds, coarser than these slices' CPU: n/a with the reason, and the
      // reading kept for the cell's whole time.
      assert.equal(
        r.serverCpu,
        null,
        `${r.variant}: CPU at ${sampling.cpuResolutionMs} ms steps is n/a, not 0`,
      );
      assert.equal(r.cpuNa, `CPU in ${sampling.cpuResolutionMs / 1000} s steps`);
      assert.equal(r.coarseCpu?.stepMs, sampling.cpuResolutionMs);
      assert.ok((r.coarseCpu?.replies ?? 0) > 0 && (r.coarseCpu?.windowMs ?? 0) > 0);
      assert.ok(sampling.missing.some((m: string) => m.startsWith('CPU per slice')));
    } else {
      assert.ok(r.serverCpu !== null && r.serverCpu > 0, `${r.variant}: its CPU was read`);
    }
  }
  const markdown = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.md')) as string), 'utf8');
  assert.match(markdown, /steal n\/a \(os\.cpus\(\) has no steal time\)/);
  assert.match(markdown, /sampler +(ps \(POSIX process table\)|PowerShell)/);
  // Two 0.2 s slices use far under a second of CPU: the cells' CPU per reply is n/a, and says why.
  if (coarse) assert.match(markdown, /\|\s+n\/a \(CPU in 1 s steps\) \|/);
});
