/**
 * The reference peers (peers/python, peers/go): whether this machine can run them, and the
 * command line that starts one (`fiblab serve --variant go` runs it in the foreground).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Availability } from '../availability.js';
import { peerFlags, type ServerOptions } from '../server/options.js';
import type { PeerVariant } from './registry.js';

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

/** The command line that starts `variant` with these options (flags from the server option table). */
export async function peerCommand(
  variant: PeerVariant,
  options: ServerOptions,
): Promise<{ command: string; args: string[] }> {
  const availability = await peerAvailability(variant);
  if (!availability.ok) throw new Error(`${variant.name} is not available: ${availability.reason}`);
  if (variant.language === 'go') return { command: await buildGoPeer(), args: peerFlags(options, 'go') };
  const found = await pythonFor(variant);
  if ('error' in found) throw new Error(`${variant.name}: ${found.error}`);
  return { command: found.python, args: [PYTHON_PEER, variant.mode, ...peerFlags(options, variant.mode)] };
}
