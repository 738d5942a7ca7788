// compare stopped by a signal to its own PID only (not a terminal's Ctrl-C, which reaches its
// whole process group) stops the servers it started, and exits with 128 + the signal's number.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { descendants, isAlive } from '../ts/launch/process-tree.js';
import { waitUntil } from './helpers/wait-until.js';

// The compare runs here check what a run does and says, not its figures: each server is warmed 0.2 s after its
// start instead of 1 s (test-only; docs/testing.md).
process.env.FIBLAB_TEST_SERVER_WARMUP = '0.2';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
  test(`compare sent ${signal} alone stops every server it started and exits ${signal === 'SIGTERM' ? 143 : 129}`, {
    timeout: 120_000,
  }, async (t) => {
    const out = mkdtempSync(join(tmpdir(), 'fiblab-compare-signal-'));
    t.after(() => rmSync(out, { recursive: true, force: true }));
    // Many rounds, so that the run is still measuring when the signal comes.
    const compare = spawn(
      process.execPath,
      [
        'scripts/compare.mjs',
        '--only',
        'event-loop,pool',
        '--runtimes',
        'node',
        '--scenarios',
        'io',
        '--rounds',
        '500',
        '--out',
        out,
      ],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    compare.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      compare.once('exit', (code, sig) => resolve({ code, signal: sig })),
    );
    const pid = compare.pid as number;
    // Whatever the test saw running under compare is stopped by PID at the end, whatever happened.
    const seen = new Set<number>();
    t.after(async () => {
      for (const p of [pid, ...seen]) if (isAlive(p)) process.kill(p, 'SIGKILL');
      await exited;
    });

    // Both servers up and measuring: the first measured slice is reported after every start.
    assert.ok(
      await waitUntil(() => /round 1\//.test(stderr), 90_000, 100),
      `compare measured a slice within 90 s:\n${stderr}`,
    );
    for (const p of descendants(pid)) seen.add(p);
    assert.ok(seen.size >= 2, `at least the two servers run under compare (${[...seen].join(',')})`);

    process.kill(pid, signal);
    const exit = await exited;
    // compare waits for its servers before it exits: they are gone by then (bounded anyway).
    const gone = await waitUntil(() => [...seen].every((p) => !isAlive(p)), 15_000);
    assert.ok(gone, `still running after compare exited: ${[...seen].filter(isAlive).join(',')}`);
    assert.deepEqual(exit, { code: 128 + (signal === 'SIGTERM' ? 15 : 1), signal: null });
  });
}
