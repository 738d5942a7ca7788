/**
 * A cell's CPU from its whole time where the sampler's clock is too coarse for a slice (procps
 * `ps`: 1 s steps), and "n/a (reason)" wherever a figure is missing: summaries, the Markdown and
 * terminal tables, the HTML report's tables. Records made here (the portable compare test runs
 * the real sampler).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wholeCpu, wholeRatio } from '../ts/compare/analyse/cpu-whole.js';
import { headlineRatios } from '../ts/compare/analyse/ratios.js';
import { summarise } from '../ts/compare/analyse/summary.js';
import { htmlTable } from '../ts/compare/render/html.js';
import { type ReportInput, renderReport, reportSections } from '../ts/compare/render/tables.js';
import type { MeasurementRecord } from '../ts/compare/types.js';
import { renderedWidth } from '../ts/render/table.js';
import { cellRecord } from './helpers/slice-record.js';

const STEP_MS = 1000;
const WINDOW_MS = 10_000;
const REPLIES = 1_000_000;

/** A slice as the portable sampler on Linux leaves it: no per-slice CPU, the coarse reading kept. */
const coarse = (variant: string, round: number, cpuMs: number, clients = 2): MeasurementRecord =>
  cellRecord(variant, 'io', clients, 1, round, REPLIES / (WINDOW_MS / 1000), {
    serverCpu: null,
    cpuUsPerReply: null,
    cpuNa: 'CPU in 1 s steps',
    coarseCpu: { cpuMs, stepMs: STEP_MS, windowMs: WINDOW_MS, replies: REPLIES, processes: 1 },
    durationS: WINDOW_MS / 1000,
  });

const run = (loop: number[], go: number[], one: number[] = [0, 1000, 0, 0]): MeasurementRecord[] => [
  ...loop.map((ms, r) => coarse('event-loop', r, ms)),
  ...go.map((ms, r) => coarse('go', r, ms)),
  ...one.map((ms, r) => coarse('event-loop', r, ms, 1)),
  ...one.map((ms, r) => coarse('go', r, ms, 1)),
];

const input = (records: MeasurementRecord[]): ReportInput => ({
  summaries: summarise(records),
  unavailable: [],
  scenarios: ['io'],
  clientCounts: [1, 2],
  runtimes: ['node'],
  headlineRatios: headlineRatios(records),
});

test('whole time: the slices added up, kept only within ±10 % at 95 % (√k steps over k slices)', () => {
  const loop = wholeCpu(run([12_000, 13_000, 12_000, 13_000], []).slice(0, 4));
  assert.ok(loop !== undefined && !('reason' in loop));
  assert.equal(loop.cpuUsPerReply, 12.5, '50 s over 4 M replies');
  assert.equal(loop.halfWidthUs, 0.5, '√4 × 1 s = 2 s over 4 M replies');
  assert.equal(loop.serverCpu, 125, '50 s over 40 s of windows');
  // 1 s read over 4 slices: the bound (2 s) is twice the figure: n/a, with the clock's step.
  assert.deepEqual(wholeCpu(run([], [], [0, 1000, 0, 0]).slice(0, 4)), { reason: 'CPU in 1 s steps' });
  // Each process of a tree is read in whole steps: 4 slices of 4 processes are off by √16 steps.
  const tree = (processes: number) =>
    wholeCpu(
      run([12_000, 13_000, 12_000, 13_000], [])
        .slice(0, 4)
        .map((r) => ({
          ...r,
          coarseCpu: { ...(r.coarseCpu as NonNullable<typeof r.coarseCpu>), processes },
        })),
    );
  assert.equal((tree(4) as { halfWidthUs: number }).halfWidthUs, 1, '4 s over 4 M replies');
  assert.deepEqual(tree(9), { reason: 'CPU in 1 s steps' }, '√36 = 6 s: over 10 % of 50 s');
  // A fine clock's slices have figures of their own: no whole time.
  assert.equal(wholeCpu([cellRecord('go', 'io', 1, 1, 0, 1000)]), undefined);
  const ratio = wholeRatio(loop, { ...loop, cpuUsPerReply: 6.5, halfWidthUs: 0.5 });
  assert.ok(
    ratio.interval !== null && ratio.interval.low < ratio.estimate && ratio.estimate < ratio.interval.high,
  );
  assert.equal(ratio.significance, 'higher');
});

test('summaries: a whole-time figure is marked, a missing one carries its reason', () => {
  const cells = summarise(run([12_000, 13_000, 12_000, 13_000], [6000, 7000, 6000, 7000]));
  const loop2 = cells.find((c) => c.variant === 'event-loop' && c.clients === 2);
  assert.equal(loop2?.cpuUsPerReply, 12.5);
  assert.equal(loop2?.cpuWhole?.slices, 4);
  assert.equal(loop2?.na, undefined, 'every figure there');
  const loop1 = cells.find((c) => c.variant === 'event-loop' && c.clients === 1);
  assert.equal(loop1?.cpuUsPerReply, null);
  assert.equal(loop1?.serverCpu, null);
  assert.deepEqual(loop1?.na, { cpu: 'CPU in 1 s steps' });
});

test('tables: ‡ and its note where CPU comes from the whole time; n/a (reason) where it cannot', () => {
  const report = input(run([12_000, 13_000, 12_000, 13_000], [6000, 7000, 6000, 7000]));
  const markdown = renderReport(report, [], 'markdown');
  assert.match(markdown, /\|\s+12\.5 ‡ \|/, 'the whole-time figure, marked');
  assert.match(markdown, /‡ CPU per reply from the cell's whole time: the sampler's resolution is 1 s/);
  // The headline pair event-loop ÷ Go (io, 2 clients): no paired CPU ratio, the whole figures' instead.
  assert.match(markdown, /1\.92× \(1\.7\d–2\.\d+\) ‡/);
  const terminal = renderReport(report, [], 'terminal');
  assert.ok(renderedWidth(terminal) <= 120, terminal);
  assert.match(terminal, /12\.5 ‡/);
  // The 1-client cells (not rendered in the 2-client column) are n/a with the reason in the
  // headline's and the HTML report's own tables too.
  const tooShort = input(run([0, 1000, 0, 1000], [1000, 0, 0, 1000]));
  for (const style of ['markdown', 'terminal'] as const) {
    const text = renderReport(tooShort, [], style);
    assert.match(text, /n\/a \(CPU in 1 s steps\)/, style);
    assert.doesNotMatch(text, /‡/, `${style}: nothing from the whole time`);
  }
  const io = reportSections(tooShort, [], 'markdown').find((s) => s.id === 'io');
  const html = htmlTable(io?.tables[0]?.table ?? { header: [], rows: [] }, 'io', 0);
  assert.match(html, /<td[^>]*>n\/a \(CPU in 1 s steps\)<\/td>/);
});

test('tables: no silent blank: unread memory, unserved clients and a missing peer each say why', () => {
  const unread = (variant: string, round: number): MeasurementRecord =>
    cellRecord(variant, 'io', 2, 1, round, 20_000, {
      serverCpu: null,
      cpuUsPerReply: null,
      serverRssMiB: null,
      cpuNa: "the server host's figures unread",
      rssNa: "the server host's figures unread",
    });
  const unserved = (round: number): MeasurementRecord =>
    cellRecord('sequential', 'io', 2, 1, round, 0, {
      latencyMs: null,
      notServed: 2,
      serverCpu: 0,
      cpuUsPerReply: null,
      cpuNa: 'no replies',
    });
  const records = [0, 1, 2].flatMap((r) => [unread('event-loop', r), unserved(r)]);
  const markdown = renderReport(input(records), [], 'markdown');
  const row = (name: string) => markdown.split('\n').find((l) => l.startsWith(`| ${name}`)) ?? '';
  assert.match(
    row('event-loop'),
    /n\/a \(the server host's figures unread\) \|\s+n\/a \(the server host's figures unread\)/,
  );
  assert.match(row('event-loop'), /n\/a \(no go here\)/, '× Go without a Go row');
  assert.match(row('sequential'), /n\/a \(no replies\)/);
  for (const line of markdown
    .split('\n')
    .filter((l) => l.startsWith('| event-loop') || l.startsWith('| sequential')))
    assert.doesNotMatch(line, /\|\s+—\s+\||\|\s+\|/, `no bare dash or blank: ${line}`);
});
