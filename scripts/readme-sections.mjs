#!/usr/bin/env node
/**
 * Fills the generated sections of the README and docs/ between `<!-- NAME:start -->` and
 * `<!-- NAME:end -->` markers: the variant table (docs/variants.md) and the runtime matrix
 * (docs/runtimes.md) from their registries, always; and the README's run only when asked —
 * `--results <run>.json` copies that compare run to docs/results/, writes its Markdown tables and
 * chart there, every table into docs/results.md and a headline table into the README. So the
 * README's figures change on purpose, from a real run, never as a side effect of running compare.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { variantsMarkdown } = await import(`${root}dist/variants/tables.js`);
const { matrixMarkdown } = await import(`${root}dist/commands/runtimes.js`);

/** Replaces the text between a section's markers. */
export function fillSection(text, name, body, file) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} has no ${name} section markers`);
  return `${text.slice(0, from + start.length)}\n${body.trim()}\n${text.slice(to)}`;
}

/** Fills `sections` ({ name: body }) in one file of the repository. */
function fill(file, sections) {
  let text = readFileSync(join(root, file), 'utf8');
  for (const [name, body] of Object.entries(sections)) text = fillSection(text, name, body, file);
  writeFileSync(join(root, file), text);
  return file;
}

/** The servers the README's headline shows, in its order (those the run measured). */
const HEADLINE_VARIANTS = [
  'event-loop',
  'pool',
  'cluster',
  'native-sync',
  'native-async',
  'answer',
  'go',
  'py-thread',
  'py-many',
];

/**
 * The README's headline: the machine in a sentence, a table of req/s with the paired ratio to Go
 * at 2 clients (the run's largest count) for n = 1, 22 and 30, within 120 columns, and the chart.
 * A cell whose req/s measures thread placement (docs/placement.md) shows server CPU µs per reply
 * instead, with its paired ratio to Go, marked †.
 */
function headlineMarkdown(document, stamp, { formatRatio, sideRatio, primaryRecords }) {
  const env = document.environment;
  const records = primaryRecords(document.records);
  const cells = document.summaries.filter((s) => s.runtime === 'node' && s.transport === undefined);
  const clients = Math.max(...cells.filter((s) => s.scenario === 'io').map((s) => s.clients));
  const cell = (variant, scenario) =>
    cells.find(
      (s) =>
        s.variant === variant && s.scenario === scenario && (scenario === 'mixed' || s.clients === clients),
    );
  const int = (v) => Math.round(v).toLocaleString('en-US');
  const bound = (scenario) => cells.some((s) => s.scenario === scenario && s.placement !== undefined);
  const side = (variant, s) => ({
    variant,
    runtime: 'node',
    scenario: s.scenario,
    clients: s.clients,
    n: s.n,
  });
  const figure = (s) =>
    s === undefined
      ? '—'
      : bound(s.scenario)
        ? (s.cpuUsPerReply?.toFixed(1) ?? '—')
        : int(s.reqPerSec.median);
  const vsGo = (s, variant) => {
    if (variant === 'go') return '1';
    if (s === undefined) return '—';
    const r = bound(s.scenario)
      ? sideRatio(records, side(variant, s), side('go', s), 'cpuUsPerReply')
      : s.vsGo;
    return r ? formatRatio(r) : '—';
  };
  const rows = HEADLINE_VARIANTS.filter((v) => cells.some((s) => s.variant === v)).map((v) => {
    const [io, cpu, heavy] = ['io', 'cpu', 'heavy'].map((scenario) => cell(v, scenario));
    return `| ${v} | ${figure(io)} | ${vsGo(io, v)} | ${figure(cpu)} | ${vsGo(cpu, v)} | ${figure(heavy)} | ${vsGo(heavy, v)} |`;
  });
  // Short headers keep the table within 120 columns; the first says its unit.
  const title = (scenario, n, first) => (bound(scenario) ? `n=${n} µs †` : first ? `n=${n} req/s` : `n=${n}`);
  const dagger = ['io', 'cpu', 'heavy'].some(bound)
    ? [
        '† server CPU µs per reply, lower is better: req/s there measures thread placement, not the servers (a few µs',
        'of CPU per reply, the load generator on the same cores: [docs/placement.md](docs/placement.md)).',
      ]
    : [];
  const date = env.date.slice(0, 16).replace('T', ' ');
  return [
    `**${env.cpuModel} × ${env.cores} cores**, ${env.memoryGiB} GiB, ${env.os}, Node.js ${env.node}; ${date} UTC, ${env.rounds} rounds;`,
    `other processes took ${env.atStart?.othersPct ?? '?'} % of the machine at the start, and server and load generator share its cores.`,
    `req/s of ${clients} clients asking fib(n), medians over rounds; × Go is the paired ratio with its 95 % interval.`,
    ...dagger,
    '',
    `| server | ${title('io', 1, true)} | × Go | ${title('cpu', 22, !bound('io'))} | × Go | ${title('heavy', 30, false)} | × Go |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `![req/s of every server, I/O- and CPU-bound](docs/results/${stamp}.svg)`,
  ].join('\n');
}

const written = [fill('docs/variants.md', { variants: variantsMarkdown() })];
written.push(fill('docs/runtimes.md', { runtimes: matrixMarkdown() }));
const at = process.argv.indexOf('--results');
if (at >= 0) {
  const source = process.argv[at + 1];
  if (source === undefined) throw new Error('--results needs the run: results/<timestamp>.json');
  const docs = join(root, 'docs/results');
  mkdirSync(docs, { recursive: true });
  const json = join(docs, basename(source));
  if (resolve(source) !== json) copyFileSync(resolve(source), json);
  const saved = JSON.parse(readFileSync(json, 'utf8'));
  // Derived again from the records, as --from does: what a saved run says follows today's rules.
  const { documentOf } = await import(`${root}dist/compare/analyse/document.js`);
  const document = documentOf(saved, saved.scenarios, saved.clientCounts);
  const { markdownReport } = await import(`${root}dist/compare/render/report-files.js`);
  const { sideRatio, primaryRecords } = await import(`${root}dist/compare/analyse/ratios.js`);
  const { renderChart } = await import(`${root}dist/compare/render/chart.js`);
  const { formatRatio } = await import(`${root}dist/stats/index.js`);
  const markdown = markdownReport(document);
  writeFileSync(json.replace(/\.json$/, '.md'), markdown);
  const title = `fiblab compare · ${document.environment.cpuModel} × ${document.environment.cores} · ${document.environment.date.slice(0, 10)}`;
  // A run without the seed's rate tables (a --sweep or --latency alone) has no chart of them.
  const chart = await renderChart(document.summaries, title, document.unavailable);
  if (chart !== undefined) writeFileSync(json.replace(/\.json$/, '.svg'), chart);
  // Drop the file's own title; keep the environment block and the tables.
  written.push(fill('docs/results.md', { results: markdown.replace(/^# .*\n/, '') }));
  const stamp = basename(json, '.json');
  written.push(
    fill('README.md', {
      headline: headlineMarkdown(document, stamp, { formatRatio, sideRatio, primaryRecords }),
    }),
  );
}
// The lint formats Markdown too: leave the files as Biome would.
execFileSync(
  process.execPath,
  [`${root}node_modules/@biomejs/biome/bin/biome`, 'format', '--write', ...written],
  { cwd: root, stdio: 'ignore' },
);
