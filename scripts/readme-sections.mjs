#!/usr/bin/env node
/**
 * Fills the generated sections of README.md between `<!-- NAME:start -->` and `<!-- NAME:end -->`
 * markers: `variants` and `runtimes` from their registries (always); `results` from results/latest.md when asked
 * (`--results`), so the README's figures are a real compare run's, pasted by the tool.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { variantsMarkdown } = await import(`${root}dist/server/variants-table.js`);
const { matrixMarkdown } = await import(`${root}dist/runtimes/cli.js`);

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
if (process.argv.includes('--results')) {
  const latest = readFileSync(`${root}results/latest.md`, 'utf8');
  // Drop the file's own title; keep the environment block and the tables, one heading level down.
  const body = latest.replace(/^# .*\n/, '').replaceAll(/^### /gm, '#### ');
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
