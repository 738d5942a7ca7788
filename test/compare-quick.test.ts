import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ZX = join(ROOT, 'node_modules/zx/build/cli.js');

// Shape, not speed: every requested cell is there, correct, and rated above zero.
test('compare --quick --only event-loop,pool writes well-formed JSON, Markdown and SVG', {
  timeout: 180_000,
}, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'fiblab-compare-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const { stdout } = await run(
    process.execPath,
    [ZX, 'scripts/compare.mjs', '--quick', '--only', 'event-loop,pool', '--out', out, '--json'],
    { cwd: ROOT, timeout: 170_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const doc = JSON.parse(stdout);
  assert.equal(doc.schemaVersion, 1);
  assert.equal(doc.environment.cores > 0, true);
  // io ×{1,2}, cpu ×{1,2}, mixed ×{2}: five cells per variant.
  const cells = doc.records.map(
    (r: { variant: string; scenario: string; clients: number }) => `${r.variant}/${r.scenario}/${r.clients}`,
  );
  assert.deepEqual(cells.sort(), [
    'event-loop/cpu/1',
    'event-loop/cpu/2',
    'event-loop/io/1',
    'event-loop/io/2',
    'event-loop/mixed/2',
    'pool/cpu/1',
    'pool/cpu/2',
    'pool/io/1',
    'pool/io/2',
    'pool/mixed/2',
  ]);
  for (const r of doc.records) {
    assert.ok(r.reqPerSec > 0, `${r.variant} ${r.scenario} rate`);
    assert.equal(r.errors, 0);
    assert.equal(r.wrongAnswers, 0);
    for (const key of [
      'variant',
      'runtime',
      'scenario',
      'clients',
      'n',
      'latencyMs',
      'serverCpu',
      'serverRssMiB',
      'clientCpu',
      'durationS',
    ]) {
      assert.ok(key in r, `record has ${key}`);
    }
  }
  const files = readdirSync(out);
  assert.ok(
    files.some((f) => /^\d{4}-.*\.json$/.test(f)),
    'timestamped JSON',
  );
  const md = readFileSync(join(out, 'latest.md'), 'utf8');
  for (const title of ['### I/O-bound: n=1', '### CPU-bound: n=22', '### Mixed'])
    assert.ok(md.includes(title), title);
  assert.match(md, /\| event-loop +\|/);
  assert.match(md, /\| pool +\|/);
  const svg = readFileSync(join(out, 'latest.svg'), 'utf8');
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(svg.includes('event-loop') && svg.includes('pool'), 'the chart names the variants');
});
