/**
 * The runtime axis: which JavaScript runtimes run fiblab's compiled servers (`dist/cli.js`) and
 * how. The system Node.js is the one running fiblab itself; the others are pinned in
 * `runtimes/package.json` and installed on demand into `runtimes/node_modules`, never on the
 * PATH: their binaries are found by path.
 */
import { execFile } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Availability } from '../availability.js';

const run = promisify(execFile);

/** The project root (this file is ts/runtimes/registry.ts, compiled to dist/runtimes/registry.js). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROOT = PROJECT_ROOT;
/** The folder of runtimes/package.json; `npm ci` there installs the other runtimes. */
export const RUNTIMES_DIR = join(ROOT, 'runtimes');
const MODULES = join(RUNTIMES_DIR, 'node_modules');

/** Names of the runtimes, as `--runtime` options, result records and tables spell them. */
export type RuntimeName = 'node' | 'node-lts' | 'bun' | 'deno';

/** The runtime running fiblab itself (and always the load generator): the seed-shaped tables' runtime. */
export const SYSTEM_RUNTIME: RuntimeName = 'node';

/** One JavaScript runtime and how to launch fiblab's compiled JavaScript on it. */
export interface Runtime {
  name: RuntimeName;
  /** For tables: what it is, e.g. "Node.js 24 (LTS)". */
  label: string;
  /** The npm package in runtimes/package.json that ships it; undefined for the system Node. */
  npmPackage: string | undefined;
  /** Absolute path of the executable, or undefined if it is not installed (or not for this platform). */
  binary(): string | undefined;
  /** Arguments that come before the script: Deno's `run` and permissions; none for the others. */
  scriptArgs(): string[];
  /** Arguments that run the script `cliPath` (its own arguments follow): `[...scriptArgs(), cliPath]`. */
  launchArgs(cliPath: string): string[];
  /** Environment added for this runtime's processes. */
  env: Readonly<Record<string, string>>;
  /** The runtime's version as it reports it, e.g. "v24.21.0 (LTS Krypton)", "1.4.5". */
  version(): Promise<string>;
}

/** An executable file that is a real binary, not the few-hundred-byte stub a package ships. */
function executable(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() && (stat.mode & 0o111) !== 0 && stat.size > 1 << 20 ? path : undefined;
  } catch {
    return undefined;
  }
}

/** This Node's version and, for a long-term-support line, its LTS codename. */
const NODE_VERSION = 'process.version + (process.release.lts ? " (LTS " + process.release.lts + ")" : "")';

/** Runs `binary args` and returns the part of its output `pick` captures. */
async function versionOf(binary: string | undefined, args: string[], pick: RegExp): Promise<string> {
  if (binary === undefined) throw new Error('not installed');
  const { stdout } = await run(binary, args, { timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
  return pick.exec(stdout)?.[1] ?? stdout.trim();
}

// Bun's and Deno's npm packages ship their binary in a per-platform optional dependency; their
// own install scripts (which only copy it next to a JS launcher) are not needed and do not run.
const bunPlatform = `${process.platform}-${process.arch === 'arm64' ? 'aarch64' : process.arch}`;
const denoPlatform = `${process.platform}-${process.arch}${process.platform === 'linux' ? '-glibc' : ''}`;
// The `node` package's preinstall script installs node-<os>-<arch> and links its binary here.
const nodeLtsBinary = () => executable(join(MODULES, 'node/bin/node'));
const bunBinary = () => executable(join(MODULES, `@oven/bun-${bunPlatform}/bin/bun`));
const denoBinary = () => executable(join(MODULES, `@deno/${denoPlatform}/deno`));

/**
 * Deno's permissions, each the least that passes the server suite (every one was taken away
 * in turn to see what breaks):
 * - `--allow-read=<root>/{dist,packages/native,node_modules},/usr/bin/ldd`: a dynamic import() of a
 *   local file needs it (the CLI loads each command lazily), and so does require() of a
 *   CommonJS package or of the addon. napi-rs's loader reads /usr/bin/ldd to tell glibc from
 *   musl; denied, it falls back to process.report, which needs `--allow-sys=networkInterfaces`.
 * - `--allow-ffi=<root>/packages/native`: Deno counts loading an N-API addon as FFI. Every variant
 *   needs it: the compute registry imports every strategy, the addon's included.
 * - `--allow-net=127.0.0.1`: listening; fiblab servers only listen on loopback.
 * - `--allow-env`: the server's knobs (UV_THREADPOOL_SIZE, FIBLAB_*), the napi-rs loader's
 *   NAPI_RS_* variables, and child processes get a copy of the whole environment.
 * - `--allow-sys=cpus`: os.cpus(), which workerpool calls when it is imported.
 * - `--allow-run=<this deno binary>`: fork/spawn of the runtime itself (process-pool, cluster,
 *   many, the --uv-threadpool-size re-exec). Deno's node:child_process runs such a child as
 *   `deno run -A --unstable-bare-node-builtins --unstable-detect-cjs ...`: with every permission.
 * `--no-prompt`: a missing permission fails at once instead of waiting for an answer on a TTY.
 * No `--unstable-*` flag and no `--node-modules-dir`: next to a package.json Deno resolves npm
 * packages from the existing node_modules by itself.
 */
/** The Deno binary as named and as resolved: Deno checks --allow-run against the resolved path (symlinked node_modules). */
function denoRunPaths(): string {
  const binary = denoBinary();
  if (binary === undefined) return 'deno';
  const real = realpathSync(binary);
  return real === binary ? binary : `${binary},${real}`;
}

function denoArgs(): string[] {
  return [
    'run',
    '--no-prompt',
    `--allow-read=${['dist', 'packages/native', 'node_modules'].map((dir) => join(ROOT, dir)).join(',')},/usr/bin/ldd`,
    `--allow-ffi=${join(ROOT, 'packages', 'native')}`,
    '--allow-net=127.0.0.1',
    '--allow-env',
    '--allow-sys=cpus',
    `--allow-run=${denoRunPaths()}`,
  ];
}

/** A runtime from its parts; launchArgs is always `[...scriptArgs(), cliPath]`. */
function runtime(r: Omit<Runtime, 'launchArgs'>): Runtime {
  return { ...r, launchArgs: (cliPath) => [...r.scriptArgs(), cliPath] };
}

const systemNode = runtime({
  name: SYSTEM_RUNTIME,
  label: `Node.js ${process.versions.node.split('.')[0]} (system)`,
  npmPackage: undefined,
  binary: () => process.execPath,
  scriptArgs: () => [],
  env: {},
  version: () => versionOf(process.execPath, ['-p', NODE_VERSION], /^(.+)$/m),
});

const nodeLts = runtime({
  name: 'node-lts',
  label: 'Node.js 24 (LTS)',
  npmPackage: 'node',
  binary: nodeLtsBinary,
  scriptArgs: () => [],
  env: {},
  version: () => versionOf(nodeLtsBinary(), ['-p', NODE_VERSION], /^(.+)$/m),
});

const bun = runtime({
  name: 'bun',
  label: 'Bun',
  npmPackage: 'bun',
  binary: bunBinary,
  scriptArgs: () => [],
  // Bun honours DO_NOT_TRACK: no crash-report upload or telemetry (nothing but loopback here).
  env: { DO_NOT_TRACK: '1' },
  version: () => versionOf(bunBinary(), ['--version'], /^(\S+)$/m),
});

const deno = runtime({
  name: 'deno',
  label: 'Deno',
  npmPackage: 'deno',
  binary: denoBinary,
  scriptArgs: denoArgs,
  // No update check (it would try the network), no colour codes in the error messages we show.
  env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  version: () => versionOf(denoBinary(), ['--version'], /^deno (\S+)/m),
});

/** Every runtime, in the order tables show them. The single source of truth for runtimes. */
export const RUNTIMES: readonly Runtime[] = [systemNode, nodeLts, bun, deno];

/** The runtime called `name`, or undefined. */
export function findRuntime(name: string): Runtime | undefined {
  return RUNTIMES.find((runtime) => runtime.name === name);
}

/** Whether `runtime` can run here now: the system Node always can, the others once installed. */
export function runtimeAvailability(runtime: Runtime): Availability {
  if (runtime.binary() !== undefined) return { ok: true };
  if (!existsSync(join(MODULES, runtime.npmPackage ?? '', 'package.json')))
    return { ok: false, reason: 'not installed: run `npm run runtimes:install`' };
  return {
    ok: false,
    reason: `runtimes/node_modules/${runtime.npmPackage} has no binary for ${process.platform}-${process.arch}: run \`npm run runtimes:install\``,
  };
}

/**
 * Installs the pinned runtimes into runtimes/node_modules (`npm ci`, from the lockfile) unless
 * every one is there already. npm runs only the install script runtimes/package.json approves
 * (`node`'s, which fetches its platform binary); it prompts for nothing.
 */
export async function installRuntimes(
  options: { force?: boolean; log?: (line: string) => void } = {},
): Promise<void> {
  const missing = RUNTIMES.filter((runtime) => !runtimeAvailability(runtime).ok);
  if (missing.length === 0 && options.force !== true) return;
  options.log?.(
    `installing ${missing.map((r) => r.name).join(', ') || 'the runtimes'} into ${MODULES} (npm ci)`,
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await run(npm, ['ci', '--no-audit', '--no-fund', '--prefix', RUNTIMES_DIR], {
    cwd: RUNTIMES_DIR,
    timeout: 600_000,
    maxBuffer: 16 << 20,
  });
  const still = RUNTIMES.filter((runtime) => !runtimeAvailability(runtime).ok);
  if (still.length > 0) throw new Error(`npm ci did not install: ${still.map((r) => r.name).join(', ')}`);
}
