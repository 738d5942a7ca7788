#!/usr/bin/env node
/**
 * Fills the generated sections of README.md between `<!-- NAME:start -->` and `<!-- NAME:end -->`
 * markers: `variants` and `runtimes` from their registries (always), and `results` only when
 * asked — `--results <run>.json` copies that compare run to docs/results/, renders its Markdown
 * tables and chart there, and pastes the tables into the README. So the README's figures change
 * on purpose, from a real run, never as a side effect of running compare.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { variantsMarkdown } = await import(`${root}dist/variants/tables.js`);
const { matrixMarkdown } = await import(`${root}dist/commands/runtimes.js`);

/** Replaces the text between a section's markers. */
export function fillSection(readme, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${name} section markers`);
  return `${readme.slice(0, from + start.length)}\n${body.trim()}\n${readme.slice(to)}`;
}

let readme = readFileSync(`${root}README.md`, 'utf8');
readme = fillSection(readme, 'variants', variantsMarkdown());
readme = fillSection(readme, 'runtimes', matrixMarkdown());
const at = process.argv.indexOf('--results');
if (at >= 0) {
  const source = process.argv[at + 1];
  if (source === undefined) throw new Error('--results needs the run: results/<timestamp>.json');
  const docs = join(root, 'docs/results');
  mkdirSync(docs, { recursive: true });
  const json = join(docs, basename(source));
  if (resolve(source) !== json) copyFileSync(resolve(source), json);
  const document = JSON.parse(readFileSync(json, 'utf8'));
  const { markdownReport } = await import(`${root}dist/compare/render/report-files.js`);
  const { renderChart } = await import(`${root}dist/compare/render/chart.js`);
  const markdown = markdownReport(document);
  writeFileSync(json.replace(/\.json$/, '.md'), markdown);
  const title = `fiblab compare · ${document.environment.cpuModel} × ${document.environment.cores} · ${document.environment.date.slice(0, 10)}`;
  writeFileSync(json.replace(/\.json$/, '.svg'), await renderChart(document.summaries, title));
  // Drop the file's own title; keep the environment block and the tables, one heading level down.
  const body = markdown.replace(/^# .*\n/, '').replaceAll(/^### /gm, '#### ');
  readme = fillSection(readme, 'results', body);
}
writeFileSync(`${root}README.md`, readme);
// The lint formats Markdown too: leave the README as Biome would.
execFileSync(
  process.execPath,
  [`${root}node_modules/@biomejs/biome/bin/biome`, 'format', '--write', 'README.md'],
  {
    cwd: root,
    stdio: 'ignore',
  },
);
