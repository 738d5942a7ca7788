/**
 * One short real `fiblab compare --latency` against two real servers with tiny slices: the
 * capacity is measured first, every step of the ladder is run open-loop at the rate it names, and
 * the section, the chart and the JSON are written with figures that make sense. Shape, not speed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CompareDocument } from '../ts/compare/analyse/document.js';
import { CAPACITY_ROUNDS } from '../ts/compare/measure/capacity.js';
import { LATENCY_RATES, LATENCY_SHARES } from '../ts/compare/scenarios.js';

// The compare runs here check what a run does and says, not its figures: each server is warmed 0.2 s after its
// start instead of 1 s (test-only; docs/testing.md).
process.env.FIBLAB_TEST_SERVER_WARMUP = '0.2';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ZX = join(ROOT, 'node_modules/zx/build/cli.js');
const SERVERS = ['event-loop', 'answer'];
const ROUNDS = 2;

// The child's own bound (290 s) sits inside the test's (300 s): a hang fails with the child's error.
test('compare --latency with two servers measures capacity, then the open-loop ladder, and reports it', {
  timeout: 300_000,
}, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'fiblab-latency-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const { stdout, stderr } = await run(
    process.execPath,
    [
      ZX,
      'scripts/compare.mjs',
      '--latency',
      '--only',
      SERVERS.join(','),
      '--rounds',
      String(ROUNDS),
      '--slice',
      '0.1s',
      '--warmup',
      '0.1s',
      '--out',
      out,
      '--json',
    ],
    { cwd: ROOT, timeout: 290_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const doc = JSON.parse(stdout) as CompareDocument;
  assert.deepEqual(
    doc.unavailable.filter((u) => SERVERS.includes(u.variant)),
    [],
    `every server ran (${stderr.slice(-400)})`,
  );
  // Capacity first: the CPU-bound cell at n=22 over 2 connections, its own rounds, before the ladder.
  for (const variant of SERVERS) {
    const capacity = doc.records.filter((r) => r.variant === variant && r.scenario === 'cpu');
    assert.deepEqual(
      capacity.map((r) => [r.clients, r.n, r.round]),
      Array.from({ length: CAPACITY_ROUNDS }, (_, round) => [2, 22, round]),
    );
    const first = doc.records.findIndex((r) => r.variant === variant && r.scenario === 'latency');
    const lastCapacity = doc.records.findLastIndex((r) => r.variant === variant && r.scenario === 'cpu');
    assert.ok(lastCapacity < first, 'its capacity was measured before its first step');
  }
  const steps = LATENCY_SHARES.length + LATENCY_RATES.length;
  const ladder = doc.records.filter((r) => r.scenario === 'latency');
  assert.equal(ladder.length, SERVERS.length * steps * ROUNDS, 'every step of every server once per round');
  for (const r of ladder) {
    assert.ok(r.offered !== undefined, 'a step says its offered load');
    assert.ok(r.groups[0]?.openLoop !== undefined, 'and was run open-loop');
    assert.equal(r.wrongAnswers, 0);
    assert.equal(r.errors, 0);
  }
  const curves = doc.latency ?? [];
  assert.deepEqual(curves.map((c) => c.variant).sort(), [...SERVERS].sort());
  for (const curve of curves) {
    assert.ok((curve.capacity ?? 0) > 0, `${curve.variant} capacity`);
    assert.equal(curve.steps.length, steps);
    for (const step of curve.steps) {
      const where = `${curve.variant} at ${step.label}`;
      if ('share' in step.offered)
        assert.ok(
          Math.abs(step.targetRate - step.offered.share * (curve.capacity as number)) <= 1,
          `${where}: offered ${step.targetRate} is that share of ${curve.capacity}`,
        );
      else assert.equal(step.targetRate, step.offered.rate, where);
      assert.ok(step.replies > 0, `${where}: replies`);
      const { p50Ms, p99Ms, p99_9Ms } = step;
      assert.ok(p50Ms !== null && p99Ms !== null && p99_9Ms !== null, `${where}: percentiles`);
      assert.ok(
        p50Ms > 0 && p50Ms <= p99Ms && p99Ms <= p99_9Ms,
        `${where}: ${p50Ms} ≤ ${p99Ms} ≤ ${p99_9Ms}`,
      );
      assert.ok(
        step.achievedRate <= step.targetRate * 1.1,
        `${where}: served ${step.achievedRate} of ${step.targetRate}`,
      );
    }
    const lowest = curve.steps[0];
    assert.ok(
      lowest !== undefined && lowest.achievedRate >= lowest.targetRate * 0.5,
      `${curve.variant} keeps up with its lowest load`,
    );
  }
  const files = readdirSync(out);
  const stamp = files.find((f) => f.endsWith('.json'))?.replace(/\.json$/, '') as string;
  assert.deepEqual(
    files.sort(),
    [`${stamp}-latency.svg`, `${stamp}.html`, `${stamp}.json`, `${stamp}.md`].sort(),
  );
  const md = readFileSync(join(out, `${stamp}.md`), 'utf8');
  assert.match(md, /### Latency under load \(open loop\)/);
  assert.match(md, /\| event-loop +\| +[\d,]+ \|/);
  const svg = readFileSync(join(out, `${stamp}-latency.svg`), 'utf8');
  assert.match(svg, /^<svg/);
  assert.ok(svg.includes('answer') && svg.includes('event-loop'));
  assert.match(readFileSync(join(out, `${stamp}.html`), 'utf8'), /data-chart="latency"/);
});
