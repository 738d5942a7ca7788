/**
 * The support matrix and the runtime pins agree with each other and with what is installed:
 * every runtime × TypeScript variant has a cell, runtimes/package.json pins the versions the
 * matrix was established with, and each installed runtime reports that version.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RUNTIMES, RUNTIMES_DIR } from '../ts/runtimes/registry.js';
import { MATRIX_VERSIONS, supportMatrix, variantSupport } from '../ts/runtimes/support.js';
import { VARIANTS } from '../ts/variants/registry.js';
import { skipUnlessRuntime } from './helpers/needs-tool.js';
import { FLOOR_VARIANTS } from './helpers/runtimes-suite.js';

const names = RUNTIMES.map((r) => r.name);

test('every runtime × TypeScript variant has a cell: supported, or a reason', () => {
  const matrix = supportMatrix(names);
  const tsVariants = VARIANTS.filter((v) => v.kind === 'ts').map((v) => v.name);
  assert.deepEqual(
    matrix.slice(0, tsVariants.length).map((row) => row.row),
    tsVariants,
  );
  for (const row of matrix) {
    assert.deepEqual(Object.keys(row.cells), names, row.row);
    for (const [runtime, cell] of Object.entries(row.cells)) {
      if (!cell.ok) assert.ok(cell.reason.length > 20, `${row.row} on ${runtime}: a precise reason`);
    }
  }
  // The acceptance floor of the runtimes issue: these run on every runtime.
  for (const runtime of names)
    for (const variant of FLOOR_VARIANTS)
      assert.equal(variantSupport(runtime, variant).ok, true, `${variant} on ${runtime}`);
});

test('a reference peer runs on the system Node row only', () => {
  for (const peer of VARIANTS.filter((v) => v.kind === 'peer')) {
    assert.equal(variantSupport('node', peer.name).ok, true);
    assert.equal(variantSupport('deno', peer.name).ok, false);
  }
});

test('runtimes/package.json pins the versions the matrix was established with', () => {
  const read = (file: string) => JSON.parse(readFileSync(join(RUNTIMES_DIR, file), 'utf8'));
  const pkg = read('package.json') as { dependencies: Record<string, string> };
  const lock = read('package-lock.json') as { packages: Record<string, { version: string }> };
  for (const runtime of RUNTIMES) {
    if (runtime.npmPackage === undefined) continue;
    const pinned = MATRIX_VERSIONS[runtime.name].replace(/^v/, '');
    assert.equal(pkg.dependencies[runtime.npmPackage], pinned, `${runtime.name} in package.json`);
    assert.equal(
      lock.packages[`node_modules/${runtime.npmPackage}`]?.version,
      pinned,
      `${runtime.name} lock`,
    );
  }
  assert.ok(
    RUNTIMES.find((r) => r.name === 'node-lts')?.label.includes(
      ` ${MATRIX_VERSIONS['node-lts'].split('.')[0]?.slice(1)} `,
    ),
    "node-lts's label names its major version",
  );
});

for (const runtime of RUNTIMES) {
  const skip = skipUnlessRuntime(runtime);
  test(`${runtime.name} reports the version of the matrix`, { skip }, async () => {
    const version = await runtime.version();
    if (runtime.name === 'node') {
      // The system Node is not pinned: only its major line is part of the matrix.
      assert.equal(version.split('.')[0], MATRIX_VERSIONS.node.split('.')[0]);
      return;
    }
    assert.ok(
      version.startsWith(MATRIX_VERSIONS[runtime.name]),
      `${version} vs ${MATRIX_VERSIONS[runtime.name]}`,
    );
    if (runtime.name === 'node-lts') assert.match(version, /\(LTS \w+\)/, 'an LTS release line');
  });
}
