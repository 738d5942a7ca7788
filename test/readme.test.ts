import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { matrixMarkdown } from '../ts/commands/runtimes.js';
import { variantsMarkdown } from '../ts/variants/tables.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const readme = read('README.md');

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
