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
import { argvOf, startCliInBackground } from './helpers/cli-background.js';
import { minimalCompareArgs } from './helpers/compare-args.js';
import { startTestSshd } from './helpers/sshd.js';
import { waitUntil } from './helpers/wait-until.js';

// The compare runs here check what a run does and says, not its figures: each server is warmed 0.2 s after its
// start instead of 1 s (test-only; docs/testing.md).
process.env.FIBLAB_TEST_SERVER_WARMUP = '0.2';

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

test('compare --server-host killed with SIGKILL leaves nothing: the remote server, every ssh session and the master are gone within 5 s', {
  timeout: 120_000,
}, async (t) => {
  const sshd = await startTestSshd();
  if ('skip' in sshd) return t.skip(sshd.skip);
  t.after(() => sshd.stop());
  const out = mkdtempSync(join(tmpdir(), 'fiblab-remote-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const { child, stderr, exited } = startCliInBackground([
    'compare',
    '--server-host',
    sshd.destination,
    `--server-ssh-options=${sshd.sshOptions.join(' ')}`,
    ...minimalCompareArgs(out, { only: 'event-loop', slice: '30s', warmup: null, runtimes: null }),
  ]);
  let left: number[] = [];
  try {
    // Measuring: the server runs under sshd and so does the helper that reads its CPU.
    const remote = () => descendants(sshd.pid).map(argvOf);
    const server = () => remote().some((a) => a[0]?.endsWith('node') && a.includes('serve'));
    const monitor = () => remote().some((a) => a.some((arg) => arg.includes('walk()')));
    assert.ok(await waitUntil(() => server() && monitor(), 90_000, 20), `never measuring: ${stderr()}`);
    const mine = descendants(child.pid as number);
    assert.ok(
      mine.some((pid) => argvOf(pid)[0]?.endsWith('ssh') && argvOf(pid).includes('-M')),
      'its ssh master',
    );
    left = [...mine, ...descendants(sshd.pid)];
    process.kill(child.pid as number, 'SIGKILL');
    await exited;
    // The server reads nothing and may write nothing: its remote watcher sees the channel end and stops it.
    const gone = await waitUntil(() => left.filter(isAlive).length === 0, 5000);
    const survivors = left.filter(isAlive).map((pid) => `${pid} ${argvOf(pid).join(' ').slice(0, 120)}`);
    assert.ok(gone, `left after 5 s: ${survivors.join('; ')}`);
    assert.deepEqual(descendants(sshd.pid).filter(isAlive), [], 'no session or server left running');
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const pid of left.filter(isAlive)) process.kill(pid, 'SIGKILL'); // only when the test failed
  }
});
