/**
 * The runtime axis: which JavaScript runtimes run fiblab's compiled servers (`dist/cli.js`) and
 * how. The system Node.js is the one running fiblab itself; the others are pinned in
 * `runtimes/package.json` and installed on demand into `runtimes/node_modules`, never on the
 * PATH: their binaries are found by path.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Availability } from '../server/availability.js';

const run = promisify(execFile);

/** The project root (this file is ts/runtimes/registry.ts, compiled to dist/runtimes/registry.js). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where `runtimes/package.json` installs the other runtimes. */
export const RUNTIMES_DIR = join(ROOT, 'runtimes');
const MODULES = join(RUNTIMES_DIR, 'node_modules');

/** Names of the runtimes, as `--runtime` options, result records and tables spell them. */
export type RuntimeName = 'node' | 'node-lts' | 'bun' | 'deno';

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

/** Node prints its version and, for a long-term-support line, the LTS codename. */
const NODE_VERSION = 'process.version + (process.release.lts ? " (LTS " + process.release.lts + ")" : "")';

async function versionOf(binary: string | undefined, args: string[], pick: RegExp): Promise<string> {
  if (binary === undefined) throw new Error('not installed');
  const { stdout } = await run(binary, args, { timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
  return pick.exec(stdout)?.[1] ?? stdout.trim();
}

// Bun's and Deno's npm packages ship their binary in a per-platform optional dependency; their
// own install scripts (which only copy it next to a JS launcher) are not needed and do not run.
const bunPlatform = `${process.platform}-${process.arch === 'arm64' ? 'aarch64' : process.arch}`;
const denoPlatform = `${process.platform}-${process.arch}${process.platform === 'linux' ? '-glibc' : ''}`;

const systemNode: Runtime = {
  name: 'node',
  label: `Node.js ${process.versions.node.split('.')[0]} (system)`,
  npmPackage: undefined,
  binary: () => process.execPath,
  scriptArgs: () => [],
  launchArgs: (cli) => [cli],
  env: {},
  version: async () => (await versionOf(process.execPath, ['-p', NODE_VERSION], /^(.+)$/m)).trim(),
};

const nodeLts: Runtime = {
  name: 'node-lts',
  label: 'Node.js 24 (LTS)',
  npmPackage: 'node',
  // The `node` package's preinstall script installs node-<os>-<arch> and links its binary here.
  binary: () => executable(join(MODULES, 'node/bin/node')),
  scriptArgs: () => [],
  launchArgs: (cli) => [cli],
  env: {},
  version() {
    return versionOf(this.binary(), ['-p', NODE_VERSION], /^(.+)$/m);
  },
};

const bun: Runtime = {
  name: 'bun',
  label: 'Bun',
  npmPackage: 'bun',
  binary: () => executable(join(MODULES, `@oven/bun-${bunPlatform}/bin/bun`)),
  scriptArgs: () => [],
  launchArgs: (cli) => [cli],
  // No telemetry or crash report upload: the machine has no network but loopback.
  env: { DO_NOT_TRACK: '1' },
  version() {
    return versionOf(this.binary(), ['--version'], /^(\S+)$/m);
  },
};

/**
 * Deno's permissions, each the least that works (checked by running the server suite):
 * - `--allow-read=<root>,/usr/bin/ldd`: the CLI imports each command lazily and a dynamic
 *   import() of a local file needs read access; so do require() of CommonJS packages
 *   (workerpool) and of the addon. napi-rs's loader reads /usr/bin/ldd to tell glibc from musl
 *   (denied, it falls back to process.report, which needs far more `--allow-sys`).
 * - `--allow-ffi=<root>/native`: loading an N-API addon is FFI to Deno; only ours.
 * - `--allow-net=127.0.0.1`: listening (and the cluster primary's handles); loopback only.
 * - `--allow-env`: the server reads its knobs (UV_THREADPOOL_SIZE, FIBLAB_*), napi-rs reads
 *   NAPI_RS_*, and child processes get a copy of the whole environment, which needs all of it.
 * - `--allow-sys=cpus`: os.cpus() (workerpool sizes itself with it when imported).
 * - `--allow-run=<deno>`: fork/spawn of the runtime itself (process-pool, cluster, many and the
 *   --uv-threadpool-size re-exec). Deno's node:child_process turns a spawn of its own binary
 *   into `deno run -A ...`: those children run with every permission.
 * `--no-prompt`: a missing permission fails at once instead of waiting for a TTY answer.
 * No `--unstable-*` flag and no `--node-modules-dir` are needed: next to a package.json, Deno
 * resolves npm packages from the existing node_modules.
 */
const deno: Runtime = {
  name: 'deno',
  label: 'Deno',
  npmPackage: 'deno',
  binary: () => executable(join(MODULES, `@deno/${denoPlatform}/deno`)),
  scriptArgs() {
    return [
      'run',
      '--no-prompt',
      `--allow-read=${ROOT},/usr/bin/ldd`,
      `--allow-ffi=${join(ROOT, 'native')}`,
      '--allow-net=127.0.0.1',
      '--allow-env',
      '--allow-sys=cpus',
      `--allow-run=${this.binary() ?? 'deno'}`,
    ];
  },
  launchArgs(cli) {
    return [...this.scriptArgs(), cli];
  },
  // No update check (it would try the network) and no colour codes in error messages.
  env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  version() {
    return versionOf(this.binary(), ['--version'], /^deno (\S+)/m);
  },
};

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
  return { ok: false, reason: `no ${runtime.name} binary for ${process.platform}-${process.arch}` };
}

/**
 * What compare's measureSession needs to start a server on `runtime` (a SessionTarget without
 * the variant): `command commandArgs... dist/cli.js serve ...` with `env` added.
 * Throws if the runtime is not installed.
 */
export function sessionTarget(runtime: Runtime): {
  runtime: RuntimeName;
  command: string;
  commandArgs: string[];
  env: Record<string, string>;
} {
  const command = runtime.binary();
  const availability = runtimeAvailability(runtime);
  if (command === undefined || !availability.ok)
    throw new Error(`${runtime.name}: ${availability.ok ? 'no binary' : availability.reason}`);
  return { runtime: runtime.name, command, commandArgs: runtime.scriptArgs(), env: { ...runtime.env } };
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
