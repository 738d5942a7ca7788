/**
 * The addon's platform list, read from its one source: the release workflow's build matrix
 * (.github/workflows/native-release.yml). Every test that checks a copy of the list reads it here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

/** A file of the repository, as text. */
export const readRepoFile = (path: string): string => readFileSync(new URL(path, root), 'utf8');

/** A folder of the repository, as a URL (for readdirSync). */
export const repoUrl = (path: string): URL => new URL(path, root);

/** The `target:` of each matrix entry of one job of the release workflow. */
export function matrixTargets(job: 'build' | 'test'): string[] {
  const workflow = readRepoFile('.github/workflows/native-release.yml');
  const start = workflow.indexOf(`\n  ${job}:\n`);
  assert.ok(start >= 0, `the release workflow has a ${job} job`);
  const end = workflow.slice(start + 1).search(/\n {2}[a-z-]+:\n/);
  const body = workflow.slice(start, end < 0 ? undefined : start + 1 + end);
  return [...body.matchAll(/\{ host: [^,]+, target: ([\w-]+)/g)].map((m) => m[1] as string);
}

/** napi-rs's platform name of a Rust target triple: `x86_64-unknown-linux-gnu` → `linux-x64-gnu`. */
export function platformOf(triple: string): string {
  const [arch = '', , os = '', abi] = triple.split('-');
  const cpu = { x86_64: 'x64', aarch64: 'arm64' }[arch] ?? arch;
  if (os === 'darwin') return `darwin-${cpu}`;
  if (os === 'windows') return `win32-${cpu}-${abi}`;
  return `${os}-${cpu}-${abi}`;
}
