/**
 * A real OpenSSH server for tests: on a free 127.0.0.1 port, as the current user, with a host
 * key and a client key made on the fly in a temporary directory; only that key, no PAM, no
 * passwords, StrictModes off (the temporary files are the test's). Debian: openssh-server and
 * openssh-client. When it cannot start, `startTestSshd` resolves with the reason to skip (in CI
 * it rejects with it: needs-tool.ts).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { descendants } from '../../ts/launch/process-tree.js';
import { skipUnlessTool } from './needs-tool.js';

const SSHD = '/usr/sbin/sshd'; // sshd must be started by absolute path (it re-executes itself)

/** A running test sshd. */
export interface TestSshd {
  port: number;
  pid: number;
  /** `user@127.0.0.1`. */
  destination: string;
  /** ssh options that reach it with the test key, ignoring the user's ssh config and known hosts. */
  sshOptions: string[];
  /** The temporary directory with the keys and the config. */
  dir: string;
  /** Stops sshd and any session it forked (SIGTERM, bounded wait, SIGKILL) and removes the directory. */
  stop(): Promise<void>;
}

const run = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function stopPid(pid: number, graceMs: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (const deadline = Date.now() + graceMs; alive() && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (alive()) process.kill(pid, 'SIGKILL');
}

/** Starts sshd, or resolves with `{ skip: reason }` where it cannot run here. */
export async function startTestSshd(): Promise<TestSshd | { skip: string }> {
  if (!existsSync(SSHD))
    return {
      skip: skipUnlessTool('sshd', `${SSHD} is not installed (Debian: apt-get install openssh-server)`),
    };
  try {
    await run('ssh', ['-V']);
  } catch {
    return {
      skip: skipUnlessTool('ssh', 'the ssh client is not installed (Debian: apt-get install openssh-client)'),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'fiblab-sshd-'));
  const user = userInfo().username;
  try {
    for (const key of ['host_key', 'client_key']) {
      await run('ssh-keygen', [
        '-q',
        '-t',
        'ed25519',
        '-N',
        '',
        '-C',
        `fiblab-test-${key}`,
        '-f',
        join(dir, key),
      ]);
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: skipUnlessTool('ssh', `ssh-keygen failed: ${(error as Error).message}`) };
  }
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  // As root, sshd wants its privilege-separation directory (Debian's service creates it at boot).
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const config = join(dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_key')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        `AllowUsers ${user}`,
        'PermitRootLogin prohibit-password',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        'AllowTcpForwarding no',
        'X11Forwarding no',
        'PrintMotd no',
        'MaxSessions 32',
        '',
      ].join('\n'),
    );
    const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    const outcome = await new Promise<'ready' | string>((resolve) => {
      const timer = setTimeout(() => resolve('no "Server listening" line within 10 s'), 10_000);
      let tail = '';
      createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
        tail = `${tail}${line}\n`.slice(-1000);
        if (line.includes(`Server listening on 127.0.0.1 port ${port}`)) {
          clearTimeout(timer);
          resolve('ready');
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(`sshd exited (${code}): ${tail.trim()}`);
      });
      child.once('error', (error) => resolve(error.message));
    });
    if (outcome === 'ready') {
      const pid = child.pid as number;
      return {
        port,
        pid,
        destination: `${user}@127.0.0.1`,
        sshOptions: [
          '-F',
          '/dev/null',
          '-p',
          String(port),
          '-i',
          join(dir, 'client_key'),
          '-o',
          'IdentitiesOnly=yes',
          '-o',
          'StrictHostKeyChecking=no',
          '-o',
          'UserKnownHostsFile=/dev/null',
          '-o',
          'LogLevel=ERROR',
        ],
        dir,
        stop: async () => {
          // Sessions are forked children of the listener and outlive its SIGTERM: stop them
          // first, while the listener is there to reap them.
          for (const session of descendants(pid).reverse()) await stopPid(session, 5000);
          await stopPid(pid, 5000);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    lastError = outcome;
    if (child.exitCode === null) await stopPid(child.pid as number, 5000);
  }
  rmSync(dir, { recursive: true, force: true });
  return { skip: skipUnlessTool('sshd', `sshd could not start: ${lastError}`) };
}
