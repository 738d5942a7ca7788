/**
 * The addon's platforms are listed once, in the release workflow's build matrix
 * (.github/workflows/native-release.yml): the package's napi targets, its optional dependencies,
 * its npm/<platform>/ folders, the workflow's test matrix and docs/platforms.md follow it.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { matrixTargets, platformOf, readRepoFile as read, repoUrl } from './helpers/release-targets.js';

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
    sorted(readdirSync(repoUrl('packages/native/npm/'))),
    sorted(TARGETS.map(platformOf)),
    'packages/native/npm/',
  );
  assert.deepEqual(sorted(matrixTargets('test')), sorted(TARGETS), "the workflow's test matrix");
});

test('docs/platforms.md has a row for each platform the release workflow builds', () => {
  const doc = read('docs/platforms.md');
  const rows = [...doc.matchAll(/^\| `([a-z0-9_]+-[\w-]+)` +\|(.*)$/gm)];
  const targets = rows.map((m) => m[1] as string);
  // A target built here but not shipped (x86_64-pc-windows-gnu) may have a row that says so.
  const unreleased = rows.filter((m) => (m[2] as string).includes('not released')).map((m) => m[1]);
  assert.deepEqual(
    targets.filter((t) => !unreleased.includes(t)).sort(),
    [...TARGETS].sort(),
    'rows of released targets',
  );
  assert.deepEqual(
    unreleased.filter((t) => TARGETS.includes(t as string)),
    [],
    'a released target said not released',
  );
});
