import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { matrixMarkdown } from '../ts/commands/runtimes.js';
import { variantsMarkdown } from '../ts/variants/tables.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test("the README's variant table is the registry's (node scripts/readme-sections.mjs refreshes it)", () => {
  assert.ok(readme.includes(variantsMarkdown()), 'README.md variants section is stale');
});

test("the README's runtime support matrix is the one `fiblab runtimes --markdown` prints", () => {
  assert.ok(readme.includes(matrixMarkdown()), 'README.md runtimes section is stale');
});

test('the README quick start is the two commands', () => {
  assert.match(readme, /npm install && npm run compare/);
  assert.match(readme, /^npm test +#/m);
});
