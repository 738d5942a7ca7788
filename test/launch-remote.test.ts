/**
 * The remote server host, for real: an OpenSSH server started by the test on 127.0.0.1 (skipped
 * with the reason where it cannot start), one ControlMaster connection, a remote Node process
 * started, its line read, its CPU and memory read, stopped, and checked gone.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { descendants, isAlive } from '../ts/launch/process-tree.js';
import { checkSameCommit, RemoteHost } from '../ts/launch/remote.js';
import { parseUsage } from '../ts/launch/remote-scripts-linux.js';
import { checkSshTarget, shellQuote } from '../ts/launch/ssh-target.js';
import { cpuNow } from './helpers/cpu-evidence.js';
import { startTestSshd, type TestSshd } from './helpers/sshd.js';
import { waitUntil } from './helpers/wait-until.js';

const run = promisify(execFile);
const started = await startTestSshd();
const skip = 'skip' in started ? started.skip : false;
const sshd = started as TestSshd;
after(async () => {
  if (!skip) await sshd.stop();
});

/** `node -e SCRIPT` as a remote shell command line (the remote host is this machine). */
const nodeCommand = (script: string) => `${shellQuote(process.execPath)} -e ${shellQuote(script)}`;

test('destinations: host, user@host, ssh://user@host:port; refused when ssh would misread them', () => {
  for (const ok of ['bench', 'me@10.0.0.2', 'ssh://me@host:2222', 'ssh://host', 'ssh://me@host/']) {
    assert.doesNotThrow(() => checkSshTarget({ destination: ok }), ok);
  }
  const cases: Array<[string, RegExp]> = [
    ['-oProxyCommand=x', /cannot start with -/],
    ['a b', /no spaces/],
    ['a@b@c', /at most one @/],
    ['ssh://me@host:0', /port must be 1 to 65535/],
    ['ssh://me@host:99999', /port must be 1 to 65535/],
    ['ssh://host/path', /not a valid ssh:\/\/ address/],
    ['', /no spaces/],
  ];
  for (const [destination, why] of cases) {
    assert.throws(
      () => checkSshTarget({ destination }),
      (error: Error & { code?: string }) =>
        error.code === 'ERR_REMOTE_DESTINATION' && why.test(error.message),
      destination,
    );
  }
});

test('property: shellQuote gives any text back unchanged through a real sh', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 30 }), async (text) => {
      fc.pre(!text.includes('\0'));
      const { stdout } = await run('sh', ['-c', `printf %s ${shellQuote(text)}`]);
      assert.equal(stdout, text);
    }),
    { numRuns: 40 },
  );
});

test('a usage answer is read: CPU over the tree in the host’s USER_HZ, peak memory summed', () => {
  const answer = [
    'stat 42 (node -e x) S 1 42 42 0 -1 4194560 100 0 0 0 150 50 0 0 20 0 11 0 100 0 0',
    'hwm 51200',
    'stat 43 (a b) c)) R 42 42 42 0 -1 4194560 100 0 0 0 30 20 0 0 20 0 1 0 100 0 0',
    'hwm 10240',
  ].join('\n');
  assert.deepEqual(parseUsage(answer), { cpuMs: 2500, peakRssMiB: 60 });
  assert.deepEqual(parseUsage(answer, 250), { cpuMs: 1000, peakRssMiB: 60 });
  assert.equal(parseUsage(''), undefined, 'the process was gone');
});

describe('against a real sshd on 127.0.0.1', { skip }, () => {
  let host: RemoteHost;
  before(async () => {
    host = await RemoteHost.connect({ destination: sshd.destination, options: sshd.sshOptions });
  });
  after(async () => {
    await host?.close();
  });

  test('plain ssh with the test key answers (the helper works)', async () => {
    const { stdout } = await run(
      'ssh',
      [...sshd.sshOptions, '-o', 'BatchMode=yes', sshd.destination, 'echo ok'],
      {
        timeout: 20_000,
      },
    );
    assert.equal(stdout.trim(), 'ok');
  });

  test('a command runs through the connection; its status and output come back', async () => {
    assert.deepEqual(await host.run('echo out; echo err >&2; exit 3'), {
      code: 3,
      stdout: 'out\n',
      stderr: 'err\n',
    });
  });

  test('a remote node process: its line read, its CPU and memory read, stopped on SIGTERM, gone', async () => {
    const remote = await host.start(nodeCommand("setInterval(() => {}, 1000); console.log('ready')"));
    assert.equal(await remote.nextLine(20_000), 'ready');
    // The remote host is this machine: the PID is a real, live node process here.
    assert.ok(isAlive(remote.pid));
    assert.match(readFileSync(`/proc/${remote.pid}/cmdline`, 'utf8'), /setInterval/);
    const usage = await host.usage(remote.pid);
    assert.ok(usage !== undefined && usage.cpuMs > 0, JSON.stringify(usage));
    assert.ok(usage.peakRssMiB > 10 && usage.peakRssMiB < 1000, `peak ${usage.peakRssMiB} MiB`);
    // Samples asked at once are answered one after the other by the one remote helper.
    const many = await Promise.all(Array.from({ length: 10 }, () => host.usage(remote.pid)));
    const cpu = many.map((u) => u?.cpuMs ?? -1);
    assert.ok(
      cpu.every((ms, i) => ms >= usage.cpuMs && ms >= (cpu[i - 1] ?? 0)),
      cpu.join(' '),
    );
    assert.equal(await host.stop(remote.pid, 10_000), 'exited');
    assert.equal(await remote.exited, 143, 'a command ended by SIGTERM: its remote shell exits 128 + 15');
    assert.equal(isAlive(remote.pid), false);
    assert.equal((await host.run(`kill -0 ${remote.pid}`)).code, 1);
    assert.equal(await host.usage(remote.pid), undefined);
    assert.equal(await host.stop(remote.pid), 'gone');
  });

  test('a process that ignores SIGTERM is killed after the grace time, with its whole tree', async () => {
    const script = `
      const { spawn } = require('node:child_process');
      process.on('SIGTERM', () => {});
      const child = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); for (;;) {}'], { stdio: 'ignore' });
      child.once('spawn', () => console.log('ready'));
      setInterval(() => {}, 1000);`;
    const remote = await host.start(nodeCommand(script));
    assert.equal(await remote.nextLine(20_000), 'ready');
    const tree = descendants(remote.pid);
    assert.equal(tree.length, 1, 'the spinning child');
    // Order of arrival: once the child has used 200 ms of CPU (read here: same machine), the
    // tree's total read over ssh includes it.
    assert.ok(await waitUntil(() => cpuNow(tree[0] as number) >= 200, 30_000));
    const usage = await host.usage(remote.pid);
    assert.ok((usage?.cpuMs ?? 0) >= 200, `the tree's CPU counts the child: ${usage?.cpuMs} ms`);
    assert.equal(await host.stop(remote.pid, 300), 'killed');
    await remote.exited;
    assert.equal(isAlive(remote.pid), false);
    // Killed, then reaped by init (its parent is gone): a zombie still answers kill(pid, 0), the
    // only liveness check off /proc (FIBLAB_PLATFORM=portable), so its end is waited for, bounded.
    assert.ok(await waitUntil(() => !isAlive(tree[0] as number), 5_000), 'the child was killed too');
  });

  test('a command that outlasts its time limit is refused with ERR_REMOTE_TIMEOUT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fiblab-remote-'));
    try {
      await assert.rejects(host.run(`echo $$ > ${shellQuote(join(dir, 'pid'))}; exec sleep 60`, 1000), {
        code: 'ERR_REMOTE_TIMEOUT',
      });
      // Without a terminal the remote command outlives its ssh channel: stop it by PID.
      const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
      assert.equal(await host.stop(pid, 5000), 'exited');
      assert.equal(isAlive(pid), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a command that cannot run: no line, its exit status and stderr come back', async () => {
    const remote = await host.start('/nonexistent/fiblab serve');
    assert.equal(await remote.nextLine(20_000), undefined);
    assert.equal(await remote.exited, 127);
    assert.match(remote.stderrTail(), /nonexistent.*(not found|No such file)/);
  });

  test('the same commit: this checkout read over ssh matches; a directory without git does not', async () => {
    const here = process.cwd();
    const same = await checkSameCommit(host, here, here);
    assert.equal(same.same, true);
    assert.match(same.local, /^[0-9a-f]{40}$/);
    const dir = mkdtempSync(join(tmpdir(), 'fiblab-not-git-'));
    try {
      const other = await checkSameCommit(host, dir, here);
      assert.equal(other.same, false);
      assert.equal(other.remote, undefined);
      assert.match(other.problem ?? '', /not a git repository/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('connecting with a key sshd does not accept fails with ERR_REMOTE_CONNECT and ssh’s reason', async () => {
    const options = sshd.sshOptions.map((o) => (o.endsWith('client_key') ? join(sshd.dir, 'host_key') : o));
    await assert.rejects(
      RemoteHost.connect({ destination: sshd.destination, options }, 20_000),
      (error: Error & { code?: string }) => {
        return error.code === 'ERR_REMOTE_CONNECT' && /Permission denied/.test(error.message);
      },
    );
  });
});
