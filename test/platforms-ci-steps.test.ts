/**
 * The macOS and Windows workflow (.github/workflows/platforms.yml) cannot run here, so what it
 * names is checked instead: every test file, script, dist module and npm script its steps (and
 * docs/platforms.md's copy of them) call exists, and every portable-path test that runs on any OS
 * is among the tests it runs. A renamed file otherwise fails only on GitHub's runners.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { readRepoFile, repoUrl } from './helpers/release-targets.js';

const workflow = readRepoFile('.github/workflows/platforms.yml');
const doc = readRepoFile('docs/platforms.md');

/** The repository paths a text names: test/…, scripts/…, ./dist/… (as the source under ts/). */
function pathsIn(text: string): string[] {
  const named = [
    ...text.matchAll(/(?:^|[\s'"(])\.?\/?((?:test|scripts|dist)\/[\w./*-]+\.(?:ts|mjs|js|sh))/gm),
  ];
  return [...new Set(named.map((m) => m[1] as string))]
    .filter((path) => !path.includes('*'))
    .map((path) =>
      path.startsWith('dist/') ? path.replace(/^dist\//, 'ts/').replace(/\.js$/, '.ts') : path,
    );
}

test("every file the platforms workflow and docs/platforms.md's commands name exists", () => {
  const paths = [...pathsIn(workflow), ...pathsIn(doc)];
  assert.ok(
    paths.includes('scripts/platform-smoke.mjs') && paths.includes('ts/platform/sampler.ts'),
    paths.join(),
  );
  assert.deepEqual(
    paths.filter((path) => !existsSync(repoUrl(path))),
    [],
  );
});

test('every npm script the workflow runs is in package.json', () => {
  const scripts = Object.keys(JSON.parse(readRepoFile('package.json')).scripts);
  const used = [...workflow.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] as string);
  assert.ok(used.length > 0);
  assert.deepEqual(
    used.filter((name) => !scripts.includes(name)),
    [],
  );
});

/** Tests that need Linux itself (/proc to compare against, prlimit): macOS and Windows skip them. */
const LINUX_ONLY = ['platform-sampler-agreement.test.ts', 'platform-fd-limit.test.ts'];

test('the workflow runs every platform test but the Linux-only ones', () => {
  const all = readdirSync(repoUrl('test/')).filter((name) => /^platforms?-.*\.test\.ts$/.test(name));
  const run = pathsIn(workflow).filter((path) => path.startsWith('test/'));
  assert.deepEqual(
    all.filter((name) => !LINUX_ONLY.includes(name) && !run.includes(`test/${name}`)),
    [],
    'add it to the workflow, or to LINUX_ONLY with the reason',
  );
});
