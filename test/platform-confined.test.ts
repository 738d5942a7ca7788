/**
 * What only some OSes have stays in modules named for them: no /proc path, no /bin/sh, no
 * taskset and no negative PID (a process group's signal) in any ts/ module whose file name does
 * not say `linux` or `posix`. Read from the code itself (string literals and calls, through the
 * TypeScript parser), not from comments; a /proc use is a path (`/proc/…` or `/proc` alone), so a
 * report may still name "Linux /proc" as its source.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const TS = fileURLToPath(new URL('../ts/', import.meta.url));

/** A module that may use them: its file name says which OS family it is for. */
const confined = (file: string) => /-(linux|posix)\.ts$/.test(file);

const RULES: Array<{ what: string; literal: RegExp }> = [
  { what: '/proc', literal: /\/proc\/|^\/proc$/ },
  { what: '/bin/sh', literal: /\/bin\/sh\b/ },
  { what: 'taskset', literal: /(^|[^\w-])taskset\b/ },
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Every platform-only use in `source`, as `line: what`. */
export function platformUses(name: string, source: string): string[] {
  const file = ts.createSourceFile(name, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      // Import paths (`./process-tree.js`) are not uses.
      if (!ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent)) {
        for (const rule of RULES) if (rule.literal.test(node.text)) found.push(`${at(node)}: ${rule.what}`);
      }
    }
    // kill(-pid, …) / process.kill(-x, …): a process group's signal.
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isIdentifier(callee)
          ? callee.text
          : '';
      const first = node.arguments[0];
      const negative =
        first !== undefined &&
        ts.isPrefixUnaryExpression(first) &&
        first.operator === ts.SyntaxKind.MinusToken &&
        !ts.isNumericLiteral(first.operand);
      if (name === 'kill' && negative) found.push(`${at(node)}: negative PID`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

test('no /proc, /bin/sh, taskset or negative PID outside a module named linux or posix', () => {
  const wrong: string[] = [];
  for (const file of files(TS)) {
    if (confined(file)) continue;
    for (const use of platformUses(file, readFileSync(file, 'utf8')))
      wrong.push(`${relative(TS, file)}:${use}`);
  }
  assert.deepEqual(wrong, []);
});

test('the check finds each kind of use, and skips comments and import paths', () => {
  const source = [
    '// reads /proc/self/stat, runs /bin/sh and taskset, process.kill(-pid)',
    "import { x } from './process-tree.js';",
    "const a = readFileSync('/proc/self/limits');",
    ['const b = `/proc/$', '{pid}/stat`;'].join(''), // a template literal with a placeholder
    "spawn('/bin/sh', ['-c', cmd]);",
    "execFile('taskset', ['-p', pid]);",
    'process.kill(-pid, "SIGTERM");',
    'process.kill(pid, "SIGTERM");',
    "const c = './process-worker.js';",
  ].join('\n');
  assert.deepEqual(platformUses('sample.ts', source), [
    '3: /proc',
    '4: /proc',
    '5: /bin/sh',
    '6: taskset',
    '7: negative PID',
  ]);
});

test('every module named linux or posix is reached through a portable module that chooses it', () => {
  const all = files(TS);
  const lonely = all
    .filter(confined)
    .filter(
      (file) =>
        !all.some(
          (other) =>
            !confined(other) && readFileSync(other, 'utf8').includes(`/${basename(file, '.ts')}.js'`),
        ),
    )
    .map((file) => relative(TS, file));
  assert.deepEqual(lonely, []);
});
