/**
 * The addon's platforms are listed once, in the release workflow's build matrix
 * (.github/workflows/native-release.yml): the package's napi targets, its optional dependencies,
 * its npm/<platform>/ folders, the workflow's test matrix and docs/platforms.md follow it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** The `target:` of each matrix entry of one job of the release workflow. */
function matrixTargets(job: 'build' | 'test'): string[] {
  const workflow = read('.github/workflows/native-release.yml');
  const start = workflow.indexOf(`\n  ${job}:\n`);
  assert.ok(start >= 0, `the release workflow has a ${job} job`);
  const end = workflow.slice(start + 1).search(/\n {2}[a-z-]+:\n/);
  const body = workflow.slice(start, end < 0 ? undefined : start + 1 + end);
  return [...body.matchAll(/\{ host: [^,]+, target: ([\w-]+)/g)].map((m) => m[1] as string);
}

/** napi-rs's platform name of a Rust target triple: `x86_64-unknown-linux-gnu` → `linux-x64-gnu`. */
function platformOf(triple: string): string {
  const [arch = '', , os = '', abi] = triple.split('-');
  const cpu = { x86_64: 'x64', aarch64: 'arm64' }[arch] ?? arch;
  if (os === 'darwin') return `darwin-${cpu}`;
  if (os === 'windows') return `win32-${cpu}-${abi}`;
  return `${os}-${cpu}-${abi}`;
}

const TARGETS = matrixTargets('build');

test('the release workflow builds every platform once', () => {
  assert.ok(TARGETS.length >= 8, TARGETS.join(', '));
  assert.equal(new Set(TARGETS).size, TARGETS.length);
  assert.equal(platformOf('aarch64-apple-darwin'), 'darwin-arm64');
  assert.equal(platformOf('x86_64-pc-windows-msvc'), 'win32-x64-msvc');
});

test('the package, its platform packages and the test matrix follow the build matrix', () => {
  const pkg = JSON.parse(read('packages/native/package.json'));
  const sorted = (list: string[]) => [...list].sort();
  assert.deepEqual(sorted(pkg.napi.targets), sorted(TARGETS), 'packages/native/package.json napi.targets');
  assert.deepEqual(
    sorted(Object.keys(pkg.optionalDependencies)),
    sorted(TARGETS.map((t) => `@fiblab/native-${platformOf(t)}`)),
    'optionalDependencies',
  );
  assert.deepEqual(
    sorted(readdirSync(new URL('packages/native/npm/', root))),
    sorted(TARGETS.map(platformOf)),
    'packages/native/npm/',
  );
  assert.deepEqual(sorted(matrixTargets('test')), sorted(TARGETS), "the workflow's test matrix");
});

test('docs/platforms.md has a row for each platform the release workflow builds', () => {
  const doc = read('docs/platforms.md');
  const rows = [...doc.matchAll(/^\| `([a-z0-9_]+-[\w-]+)` +\|/gm)].map((m) => m[1] as string);
  assert.deepEqual([...rows].sort(), [...TARGETS].sort());
});
