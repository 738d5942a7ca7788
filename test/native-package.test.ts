import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// @fiblab/native as a user gets it: `npm pack` of the addon package and of its linux-x64-gnu
// platform package, both installed into a fresh project in the OS temp dir, offline, with no
// Rust toolchain on the PATH, then imported from ESM and CommonJS.
const PACKAGE = fileURLToPath(new URL('../packages/native/', import.meta.url));
const PLATFORM = 'linux-x64-gnu';
const BINARY = `fib-native.${PLATFORM}.node`;
const TEST_BUILD_BINARY = fileURLToPath(new URL(`../.cache/native-test/${BINARY}`, import.meta.url));

const run = promisify(execFile);
const glibcX64 =
  process.platform === 'linux' &&
  process.arch === 'x64' &&
  (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header
    ?.glibcVersionRuntime !== undefined;
const skip = glibcX64
  ? false
  : `the pack test installs the ${PLATFORM} package; this is ${process.platform}-${process.arch}`;

/** The PATH without any directory that holds cargo or rustc. */
function pathWithoutRust(): string {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  return dirs
    .filter((dir) => !existsSync(join(dir, 'cargo')) && !existsSync(join(dir, 'rustc')))
    .join(delimiter);
}

/** This environment minus npm's lifecycle variables (npm test sets dozens), plus `extra`. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, ...extra };
}

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
}

let work = '';
let env: NodeJS.ProcessEnv = {};
const packed: Record<'addon' | 'platform', Packed | undefined> = { addon: undefined, platform: undefined };

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

async function pack(dir: string): Promise<Packed> {
  const [result] = JSON.parse(
    await npm(['pack', '--json', '--pack-destination', join(work, 'tarballs')], dir),
  ) as [Packed];
  return result;
}

before(
  async () => {
    if (skip) return;
    assert.ok(existsSync(join(PACKAGE, BINARY)), `${BINARY} is missing: run npm run build:native`);
    work = mkdtempSync(join(tmpdir(), 'fiblab-pack-'));
    const path = pathWithoutRust();
    env = cleanEnv({
      PATH: path,
      npm_config_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      npm_config_cache: join(work, 'npm-cache'), // empty: nothing can come from earlier installs
      npm_config_loglevel: 'error',
    });
    mkdirSync(join(work, 'tarballs'));

    // The platform package as the release workflow assembles it (napi artifacts copies the
    // built binary into npm/<platform>/); staged in the temp dir, the repository is not touched.
    const stage = join(work, PLATFORM);
    mkdirSync(stage);
    for (const file of readdirSync(join(PACKAGE, 'npm', PLATFORM))) {
      copyFileSync(join(PACKAGE, 'npm', PLATFORM, file), join(stage, file));
    }
    copyFileSync(join(PACKAGE, BINARY), join(stage, BINARY));

    packed.addon = await pack(PACKAGE);
    packed.platform = await pack(stage);

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'app', version: '1.0.0', private: true }),
    );
    // The other platforms' optionalDependencies are not published: offline, npm skips them.
    await npm(
      [
        'install',
        join(work, 'tarballs', packed.addon.filename),
        join(work, 'tarballs', packed.platform.filename),
      ],
      app,
    );
  },
  { timeout: 240_000 },
);

after(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

test('no Rust toolchain is on the PATH the install ran with', { skip }, () => {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    assert.ok(!existsSync(join(dir, 'cargo')), `cargo in ${dir}`);
  }
  const scripts = (JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { scripts?: object })
    .scripts;
  for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
    assert.equal(Object.hasOwn(scripts ?? {}, hook), false, `the addon package has no ${hook} script`);
  }
});

test('the tarballs hold the loader, the wrapper, their types and the binary: no build leftovers', {
  skip,
}, (t) => {
  const names = (p: Packed | undefined) => (p?.files ?? []).map((f) => f.path).sort();
  assert.deepEqual(names(packed.addon), [
    'README.md',
    'binding.d.ts',
    'binding.js',
    'index.d.ts',
    'index.js',
    'package.json',
  ]);
  assert.deepEqual(names(packed.platform), ['README.md', BINARY, 'package.json']);
  for (const [which, p] of Object.entries(packed)) {
    t.diagnostic(`${p?.filename}: ${p?.size} bytes packed, ${p?.unpackedSize} unpacked (${which})`);
  }
  // Bounds that catch a debug build (several MB) or a stray binary in the JS package.
  assert.ok((packed.addon?.size ?? Infinity) < 64 * 1024, 'addon tarball under 64 KiB');
  assert.ok((packed.platform?.size ?? Infinity) < 1024 * 1024, 'platform tarball under 1 MiB');
});

test('the installed package has no test hooks: not in the binary, not in the types', { skip }, () => {
  const installed = join(work, 'app', 'node_modules', '@fiblab');
  const hook = Buffer.from('__panic');
  // The scan can see a hook: the test build (npm run build:native:test) has them.
  if (existsSync(TEST_BUILD_BINARY)) assert.ok(readFileSync(TEST_BUILD_BINARY).includes(hook));
  assert.equal(readFileSync(join(installed, `native-${PLATFORM}`, BINARY)).includes(hook), false);
  for (const types of ['index.d.ts', 'binding.d.ts']) {
    assert.doesNotMatch(readFileSync(join(installed, 'native', types), 'utf8'), /__panic/);
  }
});

const USE = `
const c = new AbortController();
const running = fibAsync(60, c.signal); // hours of work, unless the abort stops it
c.abort(new Error('stop'));
const e = await running.catch((error) => error);
let typeError;
try { fib('30'); } catch (error) { typeError = error.code; }
console.log(JSON.stringify({ fib: fib(30), fibAsync: await fibAsync(25), abort: [e.name, e.code, e.cause.message], typeError }));
`;

const EXPECTED = {
  fib: 832040,
  fibAsync: 75025,
  abort: ['AbortError', 'ABORT_ERR', 'stop'],
  typeError: 'ERR_FIB_TYPE',
};

test('ESM: import { fib, fibAsync } from "@fiblab/native" works, abort included', { skip }, async () => {
  const app = join(work, 'app');
  writeFileSync(join(app, 'esm.mjs'), `import { fib, fibAsync } from '@fiblab/native';\n${USE}`);
  const { stdout } = await run(process.execPath, ['esm.mjs'], { cwd: app, env, timeout: 60_000 });
  assert.deepEqual(JSON.parse(stdout), EXPECTED);
});

test('CommonJS: require("@fiblab/native") works, abort included', { skip }, async () => {
  const app = join(work, 'app');
  writeFileSync(
    join(app, 'cjs.cjs'),
    `const { fib, fibAsync } = require('@fiblab/native');\n(async () => {${USE}})();`,
  );
  const { stdout } = await run(process.execPath, ['cjs.cjs'], { cwd: app, env, timeout: 60_000 });
  assert.deepEqual(JSON.parse(stdout), EXPECTED);
});
