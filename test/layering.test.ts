/**
 * The tree's shape, kept true: each folder of ts/ is a layer, and a module imports only from its
 * own layer or lower ones (no arrow runs back up), and no import circle exists anywhere.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const TS = fileURLToPath(new URL('../ts/', import.meta.url));

/** Lowest first. Root files, what differs by OS (platform/) and the CLI kit (cli/) are the base everyone may use. */
const LAYERS = [
  '',
  'platform',
  'cli',
  'render',
  'stats',
  'compute',
  'server',
  'variants',
  'runtimes',
  'launch',
  'noise',
  'load',
  'compare',
  'commands',
];
const TOP = ['cli.ts', 'index.ts']; // the entry points may import anything

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1] as string);
  return specifiers.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

const layerOf = (file: string): number => {
  const [first, ...rest] = relative(TS, file).split('/');
  return rest.length === 0 ? 0 : LAYERS.indexOf(first as string);
};

test('every ts/ folder is a known layer', () => {
  for (const file of files(TS))
    assert.notEqual(layerOf(file), -1, `${relative(TS, file)}: add its folder to LAYERS`);
});

test('no import runs back up a layer', () => {
  const wrong: string[] = [];
  for (const file of files(TS)) {
    const rel = relative(TS, file);
    if (TOP.includes(rel)) continue;
    for (const target of importsOf(file)) {
      if (layerOf(target) > layerOf(file)) wrong.push(`${rel} → ${relative(TS, target)}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('no import circle', () => {
  const graph = new Map(files(TS).map((file) => [file, importsOf(file)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const circles: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      circles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(TS, f)).join(' → '));
      return;
    }
    state.set(file, 'visiting');
    for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  assert.deepEqual(circles, []);
});

/**
 * compare/ has three jobs, a folder each: measure/ runs servers and load, analyse/ turns records
 * into verdicts, render/ draws them. Shared data types and the run's definitions sit at its top.
 * analyse/ sees only the top; measure/ and render/ see analyse/ and the top, never each other.
 */
const COMPARE = join(TS, 'compare');
const COMPARE_RANK: Record<string, number> = { '': 0, analyse: 1, measure: 2, render: 2 };
const compareFolder = (file: string): string => {
  const parts = relative(COMPARE, file).split('/');
  return parts.length === 1 ? '' : (parts[0] as string);
};

test('compare/: measure, analyse and render import only downwards, measure and render never each other', () => {
  const wrong: string[] = [];
  for (const file of files(COMPARE)) {
    const from = compareFolder(file);
    assert.ok(
      from in COMPARE_RANK,
      `${relative(TS, file)}: compare/ has only measure/, analyse/ and render/`,
    );
    for (const target of importsOf(file)) {
      if (!target.startsWith(`${COMPARE}/`)) continue;
      const to = compareFolder(target);
      if (to !== from && (COMPARE_RANK[to] ?? 9) >= (COMPARE_RANK[from] ?? 0))
        wrong.push(`${relative(TS, file)} → ${relative(TS, target)}`);
    }
  }
  assert.deepEqual(wrong, []);
});
