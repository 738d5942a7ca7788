/**
 * The README and the docs stay true: their generated tables equal their sources, every relative
 * link reaches a file (and every #anchor a heading), every `fiblab <command> --flag` and
 * `npm run <script>` they show exists, and the README stays a five-minute read.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { matrixMarkdown } from '../ts/commands/runtimes.js';
import { variantsMarkdown } from '../ts/variants/tables.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const readme = read('README.md');

/** Every page the README leads to, as paths from the root. */
const DOCS = [
  'README.md',
  'ARCHITECTURE.md',
  'bench/README.md',
  'packages/native/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/**
 * Pages the docs map names that other work adds; a link to one of them may dangle until it lands.
 * Empty this list once they exist: from then on the link check covers them like any other.
 */
const PENDING = new Set<string>();

interface Fence {
  lang: string;
  lines: string[];
}

/** Splits Markdown into its prose (fenced code removed) and its fenced blocks. */
function parse(markdown: string): { prose: string; fences: Fence[] } {
  const prose: string[] = [];
  const fences: Fence[] = [];
  let fence: Fence | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*```(\S*)/.exec(line);
    if (marker) {
      if (fence === undefined) fence = { lang: marker[1] ?? '', lines: [] };
      else {
        fences.push(fence);
        fence = undefined;
      }
    } else if (fence) fence.lines.push(line);
    else prose.push(line);
  }
  return { prose: prose.join('\n'), fences };
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-');

/** The anchors a page's headings make (a repeated heading gets -1, -2, … as on GitHub). */
function anchors(path: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of parse(read(path)).prose.split('\n')) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1] ?? '');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.add(count === 0 ? base : `${base}-${count}`);
  }
  return out;
}

/** Relative link targets in a page's prose: `[text](target)` and `![alt](target)`. */
function links(markdown: string): string[] {
  // Code spans are not links; their text may hold brackets. Link texts may hold code: keep a stand-in.
  const prose = parse(markdown).prose.replace(/`[^`\n]*`/g, 'code');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

test("docs/variants.md's table is the registry's (node scripts/readme-sections.mjs refreshes it)", () => {
  assert.ok(
    read('docs/variants.md').includes(variantsMarkdown()),
    'docs/variants.md variants section is stale',
  );
});

test("docs/runtimes.md's support matrix is the one `fiblab runtimes --markdown` prints", () => {
  assert.ok(
    read('docs/runtimes.md').includes(matrixMarkdown()),
    'docs/runtimes.md runtimes section is stale',
  );
});

test('the README quick start is the two commands', () => {
  assert.match(readme, /npm install && npm run compare/);
  assert.match(readme, /^npm test +#/m);
});

test('the README is a five-minute read: at most 250 lines, none over 200 characters', () => {
  const lines = readme.split('\n');
  assert.ok(lines.length <= 250, `README.md has ${lines.length} lines`);
  const long = lines.flatMap((line, i) =>
    [...line].length > 200 ? [`line ${i + 1}: ${[...line].length}`] : [],
  );
  assert.deepEqual(long, [], 'README.md lines over 200 characters');
});

test('every page starts with its title and one sentence saying what it is for', () => {
  for (const path of DOCS.filter((p) => p.startsWith('docs/'))) {
    const [title, blank, first] = read(path).split('\n');
    assert.match(title ?? '', /^# \S/, `${path} starts with a title`);
    assert.equal(blank, '', `${path}: a blank line after the title`);
    assert.match(first ?? '', /^[A-Z`@*[]/, `${path}: prose after the title, not a table or code`);
  }
});

test('hand-written tables fit 120 columns (generated sections excepted)', () => {
  for (const path of DOCS) {
    const outsideGenerated = read(path).replace(/<!-- (\w+):start -->[\s\S]*?<!-- \1:end -->/g, '');
    const wide = outsideGenerated
      .split('\n')
      .filter((line) => line.startsWith('|') && [...line].length > 120)
      .map((line) => line.slice(0, 60));
    assert.deepEqual(wide, [], `${path}: table rows over 120 columns`);
  }
});

test('no page names an internal issue ("issue 13", "the statistics issue")', () => {
  for (const path of DOCS) {
    const hits = read(path).match(/\bissues? #?\d+|\bthe [\w-]+ issue\b/gi) ?? [];
    assert.deepEqual(hits, [], `${path} refers to an internal issue`);
  }
});

test('every relative link reaches a file, and every #anchor a heading of it', () => {
  const broken: string[] = [];
  for (const path of DOCS) {
    for (const target of links(read(path))) {
      const [file = '', anchor] = target.split('#');
      const resolved = file === '' ? path : relative(ROOT, join(ROOT, dirname(path), decodeURI(file)));
      if (PENDING.has(resolved)) continue;
      if (!existsSync(join(ROOT, resolved))) {
        broken.push(`${path}: ${target} (no such file)`);
      } else if (anchor !== undefined && !anchors(resolved).has(anchor)) {
        broken.push(`${path}: ${target} (no such heading in ${resolved})`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

test("every page of docs/ is in the README's map of the docs", () => {
  const linked = new Set(links(readme).map((target) => target.split('#')[0]));
  const unlisted = DOCS.filter((path) => path.startsWith('docs/') && !linked.has(path));
  assert.deepEqual(unlisted, [], 'pages the README does not lead to');
});

/** Each `fiblab` command and the flags its --help lists (the dist build, as users run it). */
function cliFlags(): Map<string, Set<string>> {
  const cli = join(ROOT, 'dist/cli.js');
  const help = (args: string[]) => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  const commands = [...help(['--help']).matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1] as string);
  const flags = new Map<string, Set<string>>();
  for (const command of commands) {
    const options = help([command, '--help']).split(/^Options:$/m)[1] ?? '';
    const names = [...options.matchAll(/^ +(?:-(\w), )?--([a-z][\w-]*)/gm)].flatMap((m) =>
      m[1] ? [`-${m[1]}`, `--${m[2]}`] : [`--${m[2]}`],
    );
    flags.set(command, new Set(['--help', '-h', ...names]));
  }
  return flags;
}

/** Shell commands a page shows: its code spans and the lines of its shell and console blocks. */
function shownCommands(markdown: string): string[] {
  const { prose, fences } = parse(markdown);
  const spans = [...prose.matchAll(/`([^`]+)`/g)].map((m) => (m[1] as string).replace(/\s+/g, ' '));
  const blockLines = fences
    .filter((f) => !/^(js|ts|javascript|typescript|json)$/.test(f.lang))
    .flatMap((f) =>
      f.lang === 'console'
        ? f.lines.filter((l) => l.startsWith('$ ')).map((l) => l.slice(2))
        : f.lines.filter((l) => !l.startsWith('#')),
    );
  return [...spans, ...blockLines].map((c) => c.replace(/'[^']*'|"[^"]*"/g, 'QUOTED').replace(/\s#.*$/, ''));
}

/** The words after `at` up to the end of that shell command. */
const argsFrom = (text: string, at: number) =>
  text
    .slice(at)
    .split(/\s(?:\||&&|;|&)\s/)[0]
    ?.split(' ') ?? [];
const flagsIn = (args: string[]) =>
  args.filter((a) => /^--?[a-zA-Z]/.test(a)).map((a) => a.replace(/=.*$/, '').replace(/[,.;:)]+$/, ''));

test('every `fiblab <command> --flag` and `npm run <script> -- --flag` shown names a real command, flag and script', () => {
  const flags = cliFlags();
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const wrong: string[] = [];
  for (const path of DOCS) {
    for (const command of shownCommands(read(path))) {
      for (const m of command.matchAll(/(?:^|\s)fiblab ([a-z][\w-]*)/g)) {
        const name = m[1] as string;
        if (name === 'listening') continue; // the readiness line a server prints, not a command
        const known = flags.get(name);
        if (known === undefined) {
          wrong.push(`${path}: \`fiblab ${name}\` is not a command`);
          continue;
        }
        const args = argsFrom(command, (m.index ?? 0) + m[0].length).slice(1);
        for (const flag of flagsIn(args)) {
          if (!known.has(flag)) wrong.push(`${path}: \`fiblab ${name} ${flag}\` is not a flag`);
        }
      }
      for (const m of command.matchAll(/(?:^|\s)npm run ([\w:.-]+)/g)) {
        const name = m[1] as string;
        const script = scripts[name];
        if (script === undefined) {
          wrong.push(`${path}: \`npm run ${name}\` is not a script`);
          continue;
        }
        const args = argsFrom(command, (m.index ?? 0) + m[0].length);
        const passed = args[1] === '--' ? flagsIn(args.slice(2)) : [];
        if (passed.length === 0) continue;
        // compare's flags are fiblab compare's; another script's must appear in the source it runs.
        const source = /scripts\/compare\.mjs/.test(script)
          ? undefined
          : [...script.matchAll(/[\w./-]+\.(?:ts|mjs)\b/g)].map((s) => read(s[0])).join('\n');
        for (const flag of passed) {
          const ok =
            source === undefined
              ? (flags.get('compare')?.has(flag) ?? false)
              : flag === '--help' || source.includes(`'${flag.replace(/^-+/, '')}'`) || source.includes(flag);
          if (!ok) wrong.push(`${path}: \`npm run ${name} -- ${flag}\` is not a flag of that script`);
        }
      }
    }
  }
  assert.deepEqual(wrong, []);
});
