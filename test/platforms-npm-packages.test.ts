/**
 * Each platform package (packages/native/npm/<platform>/) says what the release workflow's build
 * matrix says of its target: its name, binary, OS, CPU and C library, the addon's version, the
 * target in its README; and the loader (binding.js) asks for each one. A folder renamed, a field
 * copied from a neighbour or a target added to the matrix alone fails here, not on a user's install.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrixTargets, platformOf, readRepoFile } from './helpers/release-targets.js';

const TARGETS = matrixTargets('build');
const addon = JSON.parse(readRepoFile('packages/native/package.json'));

/** npm's os, cpu and libc fields of a Rust target triple. */
function npmFieldsOf(triple: string): { os: string[]; cpu: string[]; libc?: string[] } {
  const [arch = '', , os = '', abi = ''] = triple.split('-');
  const cpu = [{ x86_64: 'x64', aarch64: 'arm64' }[arch] ?? arch];
  if (os === 'darwin') return { os: ['darwin'], cpu };
  if (os === 'windows') return { os: ['win32'], cpu };
  return { os: [os], cpu, libc: [abi === 'gnu' ? 'glibc' : abi] };
}

for (const target of TARGETS) {
  const platform = platformOf(target);
  test(`npm/${platform}/: the package of ${target}`, () => {
    const pkg = JSON.parse(readRepoFile(`packages/native/npm/${platform}/package.json`));
    const binary = `${addon.napi.binaryName}.${platform}.node`;
    assert.equal(pkg.name, `@fiblab/native-${platform}`);
    assert.equal(pkg.version, addon.version, "the addon's version");
    assert.equal(addon.optionalDependencies[pkg.name], addon.version, 'the optional dependency pins it');
    assert.equal(pkg.main, binary);
    assert.deepEqual(pkg.files, [binary]);
    const fields = npmFieldsOf(target);
    assert.deepEqual(pkg.os, fields.os, 'os');
    assert.deepEqual(pkg.cpu, fields.cpu, 'cpu');
    assert.deepEqual(pkg.libc, fields.libc, 'libc');
    assert.match(
      readRepoFile(`packages/native/npm/${platform}/README.md`),
      new RegExp(`\\*\\*${target}\\*\\*`),
    );
  });
}

test('the loader (binding.js) asks for every platform package and binary', () => {
  const loader = readRepoFile('packages/native/binding.js');
  for (const platform of TARGETS.map(platformOf)) {
    assert.ok(loader.includes(`require('@fiblab/native-${platform}')`), `@fiblab/native-${platform}`);
    assert.ok(loader.includes(`require('./fib-native.${platform}.node')`), `fib-native.${platform}.node`);
  }
});

test("the addon's README lists the same platforms", () => {
  const readme = readRepoFile('packages/native/README.md');
  const section = readme.slice(readme.indexOf('## Platforms'), readme.indexOf('(`packages/native/npm/'));
  const listed = [...section.matchAll(/`([a-z0-9]+-[a-z0-9-]+)`/g)].map((m) => m[1] as string);
  assert.deepEqual(listed.sort(), TARGETS.map(platformOf).sort());
});

test("the triple → npm fields mapping: darwin and win32 have no libc, Linux's gnu is glibc", () => {
  assert.deepEqual(npmFieldsOf('aarch64-apple-darwin'), { os: ['darwin'], cpu: ['arm64'] });
  assert.deepEqual(npmFieldsOf('x86_64-pc-windows-msvc'), { os: ['win32'], cpu: ['x64'] });
  assert.deepEqual(npmFieldsOf('x86_64-unknown-linux-gnu'), { os: ['linux'], cpu: ['x64'], libc: ['glibc'] });
  assert.deepEqual(npmFieldsOf('aarch64-unknown-linux-musl'), {
    os: ['linux'],
    cpu: ['arm64'],
    libc: ['musl'],
  });
});
