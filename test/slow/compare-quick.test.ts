// `npm run test:slow`, not every `npm test`: compare --quick end to end on every installed runtime
// (~2 min on 2 cores; the other compare tests run on the system Node in every `npm test`).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SYSTEM_RUNTIME } from '../../ts/runtimes/registry.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ZX = join(ROOT, 'node_modules/zx/build/cli.js');

// Shape, not speed: every requested cell is there, correct, and rated above zero.
// The child's own bound (290 s) sits inside the test's (300 s): a hang fails with the child's error.
test('compare --quick --only event-loop,pool writes well-formed JSON, Markdown and SVG', {
  timeout: 300_000,
}, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'fiblab-compare-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const { stdout } = await run(
    process.execPath,
    [ZX, 'scripts/compare.mjs', '--quick', '--only', 'event-loop,pool', '--out', out, '--json'],
    { cwd: ROOT, timeout: 290_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const doc = JSON.parse(stdout);
  assert.equal(doc.schemaVersion, 2);
  assert.equal(doc.environment.cores > 0, true);
  // On the system Node: io ×{1,2}, cpu ×{1,2}, heavy ×{2}, mixed ×{2}, six cells per variant. On
  // every other runtime (installed on demand): the three runtime-table cells. Each once per round.
  const expected = ['event-loop', 'pool'].flatMap((v) =>
    ['io/1', 'io/2', 'cpu/1', 'cpu/2', 'heavy/2', 'mixed/2'].map((cell) => `node/${v}/${cell}`),
  );
  const unavailable = doc.unavailable as Array<{ variant: string; runtime: string; reason: string }>;
  // A server that crashed while measured is filed with a `failed:` reason: on any runtime, that fails here.
  assert.deepEqual(
    unavailable.filter((u) => u.reason.startsWith('failed:')),
    [],
    'no variant failed while measured, on any runtime',
  );
  for (const runtime of Object.keys(doc.environment.runtimes).filter((r) => r !== SYSTEM_RUNTIME)) {
    for (const variant of ['event-loop', 'pool']) {
      // Only a runtime that is not installed here may leave its cells out.
      if (
        unavailable.some(
          (u) => u.runtime === runtime && u.variant === variant && u.reason.startsWith('not installed'),
        )
      )
        continue;
      for (const cell of ['io/1', 'cpu/2', 'mixed/2']) expected.push(`${runtime}/${variant}/${cell}`);
    }
  }
  const cells = doc.records.map(
    (r: { runtime: string; variant: string; scenario: string; clients: number }) =>
      `${r.runtime}/${r.variant}/${r.scenario}/${r.clients}`,
  );
  const rounds = doc.environment.rounds as number;
  assert.equal(rounds, 3, '--quick is three rounds');
  assert.deepEqual(
    cells.sort(),
    expected.flatMap((cell) => Array(rounds).fill(cell)).sort(),
    'every cell of every server once per round',
  );
  for (const r of doc.records) assert.ok(r.round >= 0 && r.round < rounds);
  // The ratio everyone reads is paired: pool's 2 clients ÷ 1 client comes with its pairs.
  const scaling = doc.headlineRatios.find((h: { label: string }) => h.label.startsWith('pool: 2 clients'));
  assert.equal(scaling?.ratio?.pairs, rounds);
  assert.deepEqual(
    unavailable.filter((u) => u.runtime === SYSTEM_RUNTIME),
    [],
    'every requested variant ran on the system Node',
  );
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
      'cpuUsPerReply',
      'noise',
      'round',
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
  const stamp = files.find((f) => f.endsWith('.json'))?.replace(/\.json$/, '') as string;
  assert.deepEqual(files.sort(), [`${stamp}.html`, `${stamp}.json`, `${stamp}.md`, `${stamp}.svg`]);
  const md = readFileSync(join(out, `${stamp}.md`), 'utf8');
  for (const title of ['### I/O-bound: n=1', '### CPU-bound: n=22', '### Mixed'])
    assert.ok(md.includes(title), title);
  assert.match(md, /\| event-loop +\|/);
  assert.match(md, /\| pool +\|/);
  const svg = readFileSync(join(out, `${stamp}.svg`), 'utf8');
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(svg.includes('event-loop') && svg.includes('pool'), 'the chart names the variants');
  // The page people look at: the same tables, and the default run's charts inline (report-html tests it in a browser).
  const html = readFileSync(join(out, `${stamp}.html`), 'utf8');
  for (const chart of ['seed', 'mixed']) assert.match(html, new RegExp(`data-chart="${chart}"`));
  assert.match(html, /<table data-section="io"/);
});
