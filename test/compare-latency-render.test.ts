/** The latency section, chart and labels of compare's report, from records made here (no servers). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentOf } from '../ts/compare/analyse/document.js';
import { summarise } from '../ts/compare/analyse/summary.js';
import { latencyChartPoints, renderLatencyChart } from '../ts/compare/render/latency-chart.js';
import { latencySection } from '../ts/compare/render/latency-section.js';
import { renderSection } from '../ts/compare/render/section.js';
import { renderReport } from '../ts/compare/render/tables.js';
import { LATENCY_RATES, LATENCY_SHARES, type OfferedLoad } from '../ts/compare/scenarios.js';
import type { MeasuredRun, MeasurementRecord } from '../ts/compare/types.js';
import { renderedWidth } from '../ts/render/table.js';
import { sliceRecord } from './helpers/slice-record.js';

const ROUNDS = 3;
/** Each server's closed-loop capacity at n=22, 2 connections. */
const CAPACITY: Record<string, number> = { 'event-loop': 6_000, go: 16_000, answer: 30_000 };

/**
 * p99 ms of each server at an offered rate: event-loop's queue takes over at 85 % of its capacity
 * (5,100/s) and it falls behind at 8,000/s; Go's p99 is 4× answer's and neither has a knee.
 */
function p99At(variant: string, rate: number, round: number): number {
  const jitter = 1 + round * 0.02;
  if (variant === 'event-loop') return (rate < 5_000 ? 1 : rate < 7_000 ? 6 : 80) * jitter;
  return (variant === 'go' ? 2 : 0.5) * jitter;
}

function slice(variant: string, round: number, offered: OfferedLoad | undefined): MeasurementRecord {
  const capacity = CAPACITY[variant] as number;
  const rate =
    offered === undefined
      ? capacity
      : 'rate' in offered
        ? offered.rate
        : Math.round(offered.share * capacity);
  const served = variant === 'event-loop' && rate > capacity ? capacity : rate;
  const p99 = p99At(variant, rate, round);
  const latencyMs = { p50: p99 / 5, p90: p99 / 2, p99, p99_9: p99 * 1.5, max: p99 * 2 };
  const base = sliceRecord({
    variant,
    scenario: offered === undefined ? 'cpu' : 'latency',
    clients: 2,
    n: 22,
    round,
    reqPerSec: served,
    latencyMs,
    serverCpu: 150,
    cpuUsPerReply: 60,
    serverRssMiB: 80,
    clientCpu: 40,
    clientWorkers: 2,
    durationS: 1,
  });
  if (offered === undefined) return base;
  const lag = { p50: 40, p99: 120, max: 400 };
  return {
    ...base,
    offered,
    groups: [
      {
        n: 22,
        clients: 2,
        reqPerSec: served,
        latencyMs,
        notServed: 0,
        openLoop: {
          targetRate: rate,
          achievedRate: rate,
          // Past its capacity over HTTP, half the requests due go out late, and fewer than due go out at all.
          sent: served,
          late: served < rate ? rate / 2 : 0,
          lateMs: { p50: 0, p99: 0, max: 0 },
          generatorLagUs: lag,
          fromDispatchUs: lag,
          unanswered: 0,
        },
      },
    ],
  };
}

const steps: OfferedLoad[] = [
  ...LATENCY_SHARES.map((share) => ({ share })),
  ...LATENCY_RATES.map((rate) => ({ rate })),
];
const records: MeasurementRecord[] = Array.from({ length: ROUNDS }, (_, round) =>
  Object.keys(CAPACITY).flatMap((variant) => [
    slice(variant, round, undefined),
    ...steps.map((o) => slice(variant, round, o)),
  ]),
).flat();

const run: MeasuredRun = {
  environment: { date: '2026-12-04T00:00:00.000Z', cores: 2, cpuModel: 'test' } as MeasuredRun['environment'],
  records,
  unavailable: [],
  runtimes: ['node'],
  nativeFibMs: 5,
  nativeLimitReqPerSec: 400,
};
const doc = documentOf(run, ['latency'], [2]);
const curves = doc.latency ?? [];
const curve = (variant: string) => curves.find((c) => c.variant === variant);

test('each server gets a curve: its capacity from the same run, every step by offered load, its knee', () => {
  assert.deepEqual(curves.map((c) => c.variant).sort(), ['answer', 'event-loop', 'go']);
  const loop = curve('event-loop');
  assert.equal(loop?.capacity, 6_000);
  assert.equal(loop?.steps.length, steps.length);
  assert.deepEqual(
    loop?.steps.map((s) => s.targetRate),
    [600, 1_000, 1_500, 3_000, 4_000, 4_200, 5_100, 5_700, 8_000],
    'shares of 6,000 and the fixed rates, by offered load',
  );
  assert.equal(loop?.knee?.label, '85 %', 'from 5,100/s on, p99 stays over 3× its low-load p99');
  assert.equal(loop?.knee?.share, 0.85);
  assert.equal(loop?.knee?.why, 'p99');
  assert.equal(curve('go')?.knee, null);
  assert.equal(curve('answer')?.knee, null);
  const over = loop?.steps.find((s) => s.targetRate === 8_000);
  assert.equal(over?.achievedRate, 6_000, 'served, not sent');
  assert.equal(over?.lateShare, 0.5, 'of the requests due in the window, not of those sent');
  assert.equal(loop?.steps[0]?.lateShare, 0);
  assert.equal(over?.generatorLagP99Us, 120);
  // The capacity cells are summarised as any CPU-bound cell; the ladder's steps are not summaries.
  assert.deepEqual(
    summarise(records).map((s) => s.scenario),
    ['cpu', 'cpu', 'cpu'],
  );
});

test("each step's p99 ÷ Go is paired over the rounds at the same step", () => {
  const at1000 = curve('answer')?.steps.find((s) => s.label === '1,000/s');
  assert.equal(at1000?.p99VsGo?.pairs, ROUNDS);
  assert.ok(Math.abs((at1000?.p99VsGo?.estimate ?? 0) - 0.25) < 1e-9, 'answer 0.5 ms ÷ Go 2 ms');
  assert.equal(at1000?.p99VsGo?.significance, 'lower');
  assert.equal(curve('go')?.steps[0]?.p99VsGo, null, 'Go is not compared with itself');
});

test('the section: knees, the p99 grid and every step, every figure said to be open loop; the terminal fits 120 columns', () => {
  const markdown = renderSection(
    latencySection(curves, 'markdown') as NonNullable<ReturnType<typeof latencySection>>,
    'markdown',
  );
  // Medians over the rounds (whose p99s differ by 2 % each).
  assert.match(markdown, /### Latency under load \(open loop\)/);
  assert.match(
    markdown,
    /\| event-loop +\| +6,000 \| +1\.02 \| +5,100\/s \(85 %\) \| +85 % \| +6\.12 \| p99 > 3× from here on +\|/,
  );
  assert.match(markdown, /\| go \(go\) +\| +16,000 \| +2\.04 \| none on the ladder \|/);
  assert.match(markdown, /p99 ms \(open loop\) at each step/);
  assert.match(markdown, /▸6\.12/, 'the knee marked in the grid');
  assert.match(markdown, /\| +81\.6\* \|/, 'the step it fell behind at marked');
  assert.match(markdown, /\| answer +\| +1,000\/s \| +1,000 \| +1,000 \| +0\.0 % \|/);
  const terminal = renderReport(
    {
      summaries: doc.summaries,
      unavailable: [],
      scenarios: ['latency'],
      clientCounts: [2],
      runtimes: ['node'],
      latency: curves,
    },
    doc.warnings,
    'terminal',
  );
  assert.ok(terminal.includes('Latency under load (open loop)'));
  assert.ok(renderedWidth(terminal) <= 120, `${renderedWidth(terminal)} columns`);
  assert.equal(latencySection([], 'markdown'), undefined, 'no ladder, no section');
});

test('the chart: p99 against offered load, one line per model, Go and answer in colour, each knee a diamond', async () => {
  const points = latencyChartPoints(curves);
  assert.equal(points.length, 3 * steps.length);
  assert.deepEqual(
    points.filter((p) => p.knee).map((p) => [p.variant, p.offered]),
    [['event-loop', 5_100]],
  );
  assert.deepEqual(
    [...new Set(points.filter((p) => p.highlight === 'highlight').map((p) => p.variant))].sort(),
    ['answer', 'go'],
  );
  const svg = (await renderLatencyChart(curves, 'test')) as string;
  assert.match(svg, /^<svg/);
  for (const name of ['event-loop', 'go', 'answer', 'offered load']) assert.ok(svg.includes(name), name);
  assert.ok(svg.includes('#d62728') && svg.includes('#0b7fab'), 'answer and Go in their colours');
  assert.equal(await renderLatencyChart([], 'test'), undefined);
});

test('the mixed table, and the answer row say which loop the I/O latency came from', () => {
  const mixed = (variant: string, round: number, offered: OfferedLoad | undefined): MeasurementRecord => {
    const io = { p50: 0.2, p90: 0.5, p99: variant === 'go' ? 15 : 1, max: 20 };
    return sliceRecord({
      variant,
      scenario: 'mixed',
      clients: 2,
      n: 30,
      round,
      reqPerSec: 1_050,
      latencyMs: io,
      serverCpu: 150,
      cpuUsPerReply: 60,
      serverRssMiB: 80,
      clientCpu: 40,
      clientWorkers: 2,
      durationS: 1,
      ...(offered === undefined ? {} : { offered }),
      groups: [
        { n: 30, clients: 1, reqPerSec: 50, latencyMs: io, notServed: 0 },
        { n: 1, clients: 1, reqPerSec: 1_000, latencyMs: io, notServed: 0 },
      ],
    });
  };
  const render = (offered: OfferedLoad | undefined, style: 'markdown' | 'terminal' = 'markdown') => {
    const all = Array.from({ length: ROUNDS }, (_, r) =>
      ['answer', 'go'].map((v) => mixed(v, r, offered)),
    ).flat();
    const d = documentOf({ ...run, records: all }, ['mixed'], [2]);
    return renderReport(
      {
        summaries: d.summaries,
        unavailable: [],
        scenarios: ['mixed'],
        clientCounts: [2],
        runtimes: ['node'],
        answer: d.answer,
      },
      [],
      style,
    );
  };
  const open = render({ rate: 1_000 });
  assert.match(open, /I\/O client p99 ms \(open loop\)/);
  assert.match(open, /The I\/O client runs an open loop \(1,000 req\/s on a fixed schedule\)/);
  assert.match(open, /mixed \(I\/O p99 ms beside fib\(30\), open loop, 1,000 req\/s\)/);
  const terminal = render({ rate: 1_000 }, 'terminal');
  assert.match(terminal, /mixed p99 \(open 1,000\/s\)/);
  assert.ok(renderedWidth(terminal) <= 120, `${renderedWidth(terminal)} columns`);
  const closed = render(undefined);
  assert.match(closed, /I\/O client p99 ms \(closed loop\)/);
  assert.match(closed, /mixed \(I\/O p99 ms beside fib\(30\), closed loop\)/);
  assert.doesNotMatch(closed, /\(open loop/);
});

test('a step the generator refused is a warning of the run and again of the same run re-rendered (--from)', () => {
  const why = 'event-loop latency n=22 ×2 @8,000/s: not measured, this machine cannot keep that rate';
  const measured = documentOf({ ...run, refused: [why] }, ['latency'], [2]);
  assert.ok(measured.warnings.includes(why));
  // --from reads the saved JSON and derives the document again from it.
  const saved = JSON.parse(JSON.stringify(measured));
  const again = documentOf(saved, ['latency'], [2]);
  assert.ok(again.warnings.includes(why), 'the refusal is still said');
  assert.equal(again.warnings.filter((w) => w === why).length, 1, 'and said once');
});
