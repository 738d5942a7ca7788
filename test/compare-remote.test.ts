/**
 * compare with the servers on another machine: a real OpenSSH server on 127.0.0.1 (started by the
 * test with a key made on the fly) stands for the server host; fiblab there is this checkout.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { descendants, isAlive } from '../ts/launch/process-tree.js';
import { minimalCompareArgs } from './helpers/compare-args.js';
import { startTestSshd } from './helpers/sshd.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

test('compare --server-host starts the servers over ssh, measures them from here, reads their CPU, stops them', {
  timeout: 180_000,
}, async (t) => {
  const sshd = await startTestSshd();
  if ('skip' in sshd) return t.skip(sshd.skip);
  t.after(() => sshd.stop());
  const out = mkdtempSync(join(tmpdir(), 'fiblab-remote-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const { stdout } = await run(
    process.execPath,
    [
      CLI,
      'compare',
      '--server-host',
      sshd.destination,
      `--server-ssh-options=${sshd.sshOptions.join(' ')}`,
      ...minimalCompareArgs(out, {
        only: 'event-loop,native-sync',
        slice: '500ms',
        warmup: null,
        runtimes: null,
      }),
    ],
    { timeout: 170_000, maxBuffer: 64 << 20 },
  );
  const doc = JSON.parse(stdout);
  assert.match(doc.environment.servers, new RegExp(`^${sshd.destination}:`));
  assert.deepEqual(doc.runtimes, ['node'], 'a remote host runs its system Node only');
  assert.deepEqual(doc.unavailable, []);
  assert.equal(doc.records.length, 4, 'two servers × one cell × two rounds');
  for (const r of doc.records) {
    assert.ok(r.reqPerSec > 0);
    assert.equal(r.wrongAnswers, 0);
    // Read through the ssh connection from the remote /proc, not from this machine's (each
    // reading crosses ssh: on a busy machine one can land late, so the sum is what is asserted).
    assert.ok(r.serverCpu !== null && r.cpuUsPerReply !== null, 'server CPU was read');
    assert.ok(r.serverRssMiB > 10, `peak RSS ${r.serverRssMiB}`);
  }
  assert.ok(
    doc.records.reduce((sum: number, r: { serverCpu: number }) => sum + r.serverCpu, 0) > 0,
    'the servers used CPU',
  );
  // Every server it started over ssh is gone: no live process is left under sshd.
  const left = descendants(sshd.pid).filter(isAlive);
  assert.deepEqual(left, [], 'no session or server left running');
});

test('compare --server-host refuses a malformed destination before anything starts (exit 2)', async () => {
  const result = await run(process.execPath, [CLI, 'compare', '--server-host=-oProxyCommand=x'], {
    timeout: 20_000,
  }).catch((error: { code: number; stderr: string }) => error);
  assert.equal((result as { code: number }).code, 2);
  assert.match(
    (result as { stderr: string }).stderr,
    /--server-host must be host, user@host or ssh:\/\/user@host:port/,
  );
});
