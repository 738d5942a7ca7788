/** compare's summaries, tables, warnings and headline, from records made here (no servers). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headline } from '../ts/compare/headline.js';
import type { MeasurementRecord } from '../ts/compare/measure.js';
import type { ScenarioName } from '../ts/compare/scenarios.js';
import { summarise } from '../ts/compare/summary.js';
import { type ReportInput, renderReport } from '../ts/compare/tables.js';
import { warningsOf } from '../ts/compare/warnings.js';
import { renderedWidth } from '../ts/render/table.js';

function record(
  variant: string,
  scenario: ScenarioName,
  clients: number,
  repeat: number,
  reqPerSec: number,
  extra: Partial<MeasurementRecord> = {},
): MeasurementRecord {
  const n = scenario === 'io' ? 1 : scenario === 'cpu' ? 22 : 30;
  return {
    variant,
    runtime: 'node',
    scenario,
    clients,
    n,
    repeat,
    reqPerSec,
    latencyMs: { p50: 0.1, p90: 0.2, p99: 0.5, max: 1 },
    errors: 0,
    wrongAnswers: 0,
    notServed: 0,
    serverCpu: 90,
    serverRssMiB: 60,
    clientCpu: 50,
    clientWorkers: clients,
    durationS: 1,
    groups: [{ n, clients, reqPerSec, latencyMs: { p50: 0.1, p90: 0.2, p99: 0.5, max: 1 }, notServed: 0 }],
    warnings: [],
    ...extra,
  };
}

const records = (repeats: number): MeasurementRecord[] =>
  Array.from({ length: repeats }, (_, r) => [
    record('event-loop', 'io', 1, r, 10_000 + r * 1000),
    record('event-loop', 'io', 2, r, 20_000 + r * 1000),
    record('go', 'io', 1, r, 12_000),
    record('go', 'io', 2, r, 22_000),
    record('cluster', 'io', 1, r, 11_000),
    record('cluster', 'io', 2, r, 40_000),
    record('sequential', 'io', 1, r, 9_000),
    record('sequential', 'io', 2, r, 9_000, { notServed: 1 }),
  ]).flat();

const input = (summaries: ReturnType<typeof summarise>, extra: Partial<ReportInput> = {}): ReportInput => ({
  summaries,
  unavailable: [],
  scenarios: ['io'],
  clientCounts: [1, 2],
  runtimes: ['node'],
  ...extra,
});

test('medians with their range over repeats, and the × event-loop ratio repeat by repeat', () => {
  const summaries = summarise(records(3));
  const cluster = summaries.find((s) => s.variant === 'cluster' && s.clients === 2);
  assert.deepEqual(cluster?.reqPerSec, { median: 40_000, min: 40_000, max: 40_000 });
  // 40,000 ÷ {20,000, 21,000, 22,000}
  assert.equal(cluster?.vsEventLoop?.median.toFixed(3), (40 / 21).toFixed(3));
  const md = renderReport(input(summaries), []);
  assert.match(md, /\| cluster +\| +11,000 \| +40,000 \| +1\.90× \(1\.82–2\.00\) \|/);
  assert.match(md, /\| event-loop +\| +11,000 \(10,000–12,000\) \| +21,000 \(20,000–22,000\) \| +1\.00× \|/);
});

test('one repeat shows no range anywhere', () => {
  const md = renderReport(input(summarise(records(1))), []);
  assert.doesNotMatch(md, /\(\d[\d,.]*–/);
});

test('a client the server never answered is shown as such, never as a rate', () => {
  const md = renderReport(input(summarise(records(1))), []);
  assert.match(md, /\| sequential +\| +9,000 \| 9,000 · 1 of 2 not served \|/);
  const terminal = renderReport(input(summarise(records(1))), [], 'terminal');
  assert.match(terminal, /sequential +9,000 +9,000 · 1\/2 unserved/);
});

test('"not available" rows say why; a variant that failed while measured says failed', () => {
  const md = renderReport(
    input(summarise(records(1)), {
      unavailable: [
        { variant: 'py-one', runtime: 'node', reason: 'not installed: python3 is not on the PATH' },
        { variant: 'pool', runtime: 'node', reason: 'failed: exited (1) before it was ready' },
      ],
    }),
    [],
  );
  assert.match(md, /\| py-one \(python\) +\| +not available: not installed: python3 is not on the PATH \|/);
  assert.match(md, /\| pool +\| +failed: exited \(1\) before it was ready \|/);
});

test('warnings: wrong answers void a cell, a failed variant is named, one repeat says so, wide spread is flagged', () => {
  const recs = [...records(3), record('native-sync', 'io', 1, 0, 1, { wrongAnswers: 2 })];
  recs.push(record('native-sync', 'io', 1, 1, 100), record('native-sync', 'io', 1, 2, 300));
  const summaries = summarise(recs);
  const warnings = warningsOf(summaries, recs, [
    { variant: 'pool', runtime: 'bun', reason: 'failed: crashed' },
  ]);
  assert.ok(warnings.some((w) => /native-sync io 1 cl\.: 2 WRONG ANSWERS/.test(w)));
  assert.ok(warnings.some((w) => /pool on bun FAILED while measured \(crashed\)/.test(w)));
  assert.ok(warnings.some((w) => /cells spread over 20 %/.test(w)));
  assert.ok(warningsOf(summarise(records(1)), records(1)).some((w) => /only 1 repeat/.test(w)));
  const md = renderReport(input(summaries), warnings);
  assert.match(md, /### Warnings\n\n- /);
});

test('the terminal report fits 120 columns; the Markdown keeps every column', () => {
  const summaries = summarise(records(3));
  const terminal = renderReport(input(summaries), ['a warning '.repeat(40)], 'terminal');
  assert.ok(renderedWidth(terminal) <= 120, `${renderedWidth(terminal)} columns`);
  assert.match(renderReport(input(summaries), []), /seed \(Python, talk’s machine\)/);
});

test('the headline states only what the run measured', () => {
  const lines = headline(summarise(records(3)));
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(
    lines[0] as string,
    /I\/O-bound \(n=1\), 2 clients: the fastest TypeScript server is cluster at 40,000 req\/s \(1\.82× the Go peer, 1\.90× event-loop\)/,
  );
});
