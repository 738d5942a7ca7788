#!/usr/bin/env zx
/**
 * `npm run compare` / `npx zx scripts/compare.mjs [options]`: the entry users know. zx runs this
 * file as it is (no build step of its own) and its `$` runs the tool probes; the logic is the
 * typed `fiblab compare` (ts/compare/, ts/commands/compare.ts), so the two accept the same flags and
 * reject unknown ones the same way.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/commands/compare.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('compare: dist/ is missing: run `npm install` (or `npm run build`) first');
  process.exitCode = 1;
} else {
  // Our arguments follow this script's path, whether zx or node started it.
  const self = process.argv.findIndex((arg) => arg.endsWith('compare.mjs'));
  const { compareCli } = await import(cli);
  process.exitCode = await compareCli(process.argv.slice(self + 1));
}
