/**
 * The reference peers (peers/python, peers/go): whether this machine can run them, and how.
 * `fiblab serve --variant go` runs the peer as a child with inherited stdout (it prints its own
 * readiness line) and forwards SIGINT/SIGTERM to it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Availability } from './availability.js';
import { runForwardingSignals } from './child-server.js';
import type { ServerOptions } from './options.js';
import type { PeerVariant } from './variants.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PYTHON_PEER = join(ROOT, 'peers/python/fibserver.py');
const GO_PEER = join(ROOT, 'peers/go');
const GO_CACHE = join(ROOT, '.cache/peers/go');

/** The Python interpreter peers run on. */
export const PYTHON = process.env.FIBLAB_PYTHON ?? 'python3';

async function versionOf(command: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run(command, args, { timeout: 10_000 });
    return (stdout || stderr).trim();
  } catch {
    return undefined;
  }
}

const pythonVersion = async (python: string): Promise<[number, number] | undefined> => {
  const text = await versionOf(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']);
  const match = /^(\d+)\.(\d+)$/.exec(text ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
};

/** CPythons installed by pyenv (its shims refuse versions not selected), newest first. */
function pyenvPythons(): string[] {
  const root = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  try {
    return readdirSync(join(root, 'versions'))
      .filter((v) => /^3\.\d+\.\d+$/.test(v))
      .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
      .map((v) => join(root, 'versions', v, 'bin', 'python3'))
      .filter((python) => existsSync(python));
  } catch {
    return [];
  }
}

/**
 * The interpreter a Python peer runs on: python3, except for subinterpreters, which need a
 * per-interpreter GIL (CPython ≥ 3.12) and so take the newest python3.1x found on the PATH.
 */
async function pythonFor(
  variant: PeerVariant,
): Promise<{ python: string; version: string } | { error: string }> {
  const candidates =
    variant.mode === 'subinterpreters'
      ? [
          process.env.FIBLAB_PYTHON_SUBINTERPRETERS,
          'python3.14',
          'python3.13',
          'python3.12',
          ...pyenvPythons(),
          PYTHON,
        ]
      : [PYTHON];
  let newest = '';
  for (const python of candidates) {
    if (python === undefined) continue;
    const version = await pythonVersion(python);
    if (version === undefined) continue;
    const [major, minor] = version;
    newest ||= `${major}.${minor}`;
    if (variant.mode !== 'subinterpreters' || major > 3 || (major === 3 && minor >= 12)) {
      return { python, version: `${major}.${minor}` };
    }
  }
  if (newest === '') return { error: `not installed: ${PYTHON} is not on the PATH` };
  return { error: `needs CPython ≥ 3.12 (per-interpreter GIL); python3 here is ${newest}` };
}

/** Whether `variant` can run here: its toolchain is on the PATH (and, for subinterpreters, new enough). */
export async function peerAvailability(variant: PeerVariant): Promise<Availability> {
  if (variant.language === 'go') {
    return (await versionOf('go', ['version'])) === undefined
      ? { ok: false, reason: 'not installed: go is not on the PATH' }
      : { ok: true };
  }
  const found = await pythonFor(variant);
  return 'error' in found ? { ok: false, reason: found.error } : { ok: true };
}

/** Builds the Go peer into .cache/ unless a build of the same sources is there; returns the binary. */
export async function buildGoPeer(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of readdirSync(GO_PEER)
    .filter((f) => f.endsWith('.go') || f === 'go.mod')
    .sort()) {
    if (file.endsWith('_test.go')) continue;
    hash.update(file).update(readFileSync(join(GO_PEER, file)));
  }
  const binary = join(GO_CACHE, hash.digest('hex').slice(0, 16), 'fiblab-go-peer');
  if (existsSync(binary)) return binary;
  mkdirSync(join(binary, '..'), { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  // GOTOOLCHAIN=local: never download a toolchain; GOFLAGS unset so a user's -mod flags cannot interfere.
  await run('go', ['build', '-o', partial, '.'], {
    cwd: GO_PEER,
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' },
    timeout: 300_000,
  });
  renameSync(partial, binary); // atomic: concurrent builds never see half a binary
  return binary;
}

/** The command line that starts `variant` with these options. */
export async function peerCommand(
  variant: PeerVariant,
  o: ServerOptions,
): Promise<{ command: string; args: string[] }> {
  const common = ['--host', o.host, '--port', String(o.port), '--max-n', String(o.maxN)];
  if (variant.language === 'go') return { command: await buildGoPeer(), args: common };
  const found = await pythonFor(variant);
  if ('error' in found) throw new Error(`${variant.name}: ${found.error}`);
  // The Python peer refuses flags its mode has no use for.
  const pool =
    variant.mode === 'process' || variant.mode === 'subinterpreters' ? ['--workers', String(o.workers)] : [];
  const many = variant.mode === 'many' ? ['--instances', String(o.instances)] : [];
  return { command: found.python, args: [PYTHON_PEER, variant.mode, ...common, ...pool, ...many] };
}

/** Runs the peer until it exits; SIGINT/SIGTERM are passed on. Resolves with its exit status. */
export async function runPeer(variant: PeerVariant, options: ServerOptions): Promise<number> {
  const availability = await peerAvailability(variant);
  if (!availability.ok) throw new Error(`${variant.name} is not available: ${availability.reason}`);
  const { command, args } = await peerCommand(variant, options);
  return runForwardingSignals(command, args);
}
