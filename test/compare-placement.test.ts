/**
 * When req/s measures thread placement, not the servers: the rule (placement.ts) on made-up
 * cells, what the tables and the headline do with a placement-bound cell, and the saved run the
 * docs show, re-rendered by the real CLI.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { answerCells, answerVerdict } from '../ts/compare/analyse/answer.js';
import {
  generatorSharesCores,
  PLACEMENT_CPU_US,
  placementBoundCells,
  withPlacement,
} from '../ts/compare/analyse/placement.js';
import { summarise } from '../ts/compare/analyse/summary.js';
import { answerSection } from '../ts/compare/render/answer-section.js';
import { headline } from '../ts/compare/render/headline.js';
import { renderReport } from '../ts/compare/render/tables.js';
import type { ScenarioName } from '../ts/compare/scenarios.js';
import type { MeasurementRecord } from '../ts/compare/types.js';
import { renderedWidth } from '../ts/render/table.js';
import { runCli } from './fixtures/run-cli.js';
import { sliceRecord } from './helpers/slice-record.js';

const SHARED = { servers: 'this machine', cores: 2 };

function record(
  variant: string,
  scenario: ScenarioName,
  clients: number,
  round: number,
  reqPerSec: number,
  cpuUsPerReply: number,
): MeasurementRecord {
  return sliceRecord({
    variant,
    scenario,
    clients,
    n: scenario === 'io' ? 1 : 22,
    round,
    reqPerSec,
    latencyMs: { p50: 0.1, p90: 0.2, p99: 0.5, max: 1 },
    serverCpu: 90,
    cpuUsPerReply,
    serverRssMiB: 60,
    clientCpu: 50,
    clientWorkers: clients,
    durationS: 1,
  });
}

/** The shape: at I/O a GIL-bound Python server "beats" Go by req/s, on a few µs per reply. */
function run(ioUs: { go: number; loop: number; thread: number; answer: number }): MeasurementRecord[] {
  return Array.from({ length: 4 }, (_, r) => [
    record('go', 'io', 2, r, 40_000, ioUs.go),
    record('event-loop', 'io', 2, r, 30_000, ioUs.loop),
    record('py-thread', 'io', 2, r, 72_000, ioUs.thread),
    record('answer', 'io', 2, r, 60_000, ioUs.answer),
    record('go', 'cpu', 2, r, 9_000, 80),
    record('event-loop', 'cpu', 2, r, 4_000, 130),
    record('py-thread', 'cpu', 2, r, 400, 1500),
    record('answer', 'cpu', 2, r, 15_000, 45),
  ]).flat();
}
const fewMicros = run({ go: 11, loop: 14, thread: 13, answer: 8.6 });

test('the rule: median server CPU per reply under the threshold AND the generator on the same cores', () => {
  const summaries = summarise(fewMicros);
  const cells = placementBoundCells(summaries, SHARED);
  assert.deepEqual(
    cells.map((c) => [c.scenario, c.n, c.clients, c.cpuUsPerReply]),
    [['io', 1, 2, 12]], // median of 8.6, 11, 13, 14; the CPU cell (median 105 µs) is not
  );
  // Pinned apart, or servers on another machine: req/s measures the servers again.
  for (const servers of [
    'this machine, servers on CPU 0, load generator on CPU 1',
    'bench@10.0.0.2:/srv/fiblab (servers there, load generator here)',
  ]) {
    assert.equal(generatorSharesCores({ servers }), false, servers);
    assert.deepEqual(placementBoundCells(summaries, { servers, cores: 2 }), []);
  }
  // A run saved before the environment said where servers ran was a local, unpinned one.
  assert.equal(generatorSharesCores({}), true);
  // The threshold is strict: a median exactly at it is not placement-bound, just under it is.
  const at = (us: number) =>
    placementBoundCells(summarise(run({ go: us, loop: us, thread: us, answer: us })), SHARED).length;
  assert.equal(at(PLACEMENT_CPU_US), 0);
  assert.equal(at(PLACEMENT_CPU_US - 0.1), 1);
});

test('a placement-bound cell: CPU per reply leads its table, its req/s is marked, the footnote says why', () => {
  const summaries = withPlacement(summarise(fewMicros), SHARED);
  const input = {
    summaries,
    unavailable: [],
    scenarios: ['io', 'cpu'] as ScenarioName[],
    clientCounts: [2],
    runtimes: ['node'],
  };
  const text = renderReport(input, [], 'terminal');
  const io = text.slice(text.indexOf('I/O-bound: n=1'), text.indexOf('CPU-bound: n=22'));
  const prose = io.replace(/\s+/g, ' '); // the footnote is wrapped to the terminal
  const header = io.split('\n').find((line) => line.startsWith('variant')) ?? '';
  assert.match(header, /^variant\s+µs\/reply\s+2 cl\. req\/s †\s+× event-loop †\s+× Go †/);
  assert.match(
    prose,
    /† req\/s at n=1 with 2 clients measures thread placement, not the servers: they spend a median 12 µs/,
  );
  assert.match(prose, /share 2 cores with the load generator/);
  // The CPU-bound table is as it was: req/s first, no mark.
  const cpu = text.slice(text.indexOf('CPU-bound: n=22'));
  assert.doesNotMatch(cpu, /†/);
  assert.match(
    cpu.split('\n').find((line) => line.startsWith('variant')) ?? '',
    /^variant\s+2 cl\. req\/s\s+× event-loop/,
  );
  assert.ok(renderedWidth(text) <= 120);
  // Markdown too.
  assert.match(
    renderReport(input, [], 'markdown'),
    /\| variant\s+\| server CPU µs\/reply \(2 cl\.\)\s+\| 2 clients req\/s †/,
  );
});

test('the headline never ranks models by a placement-bound req/s; pinned apart, it ranks again', () => {
  const shared = headline(withPlacement(summarise(fewMicros), SHARED));
  const io = shared.find((line) => line.startsWith('I/O-bound')) ?? '';
  assert.match(io, /req\/s here measures thread placement, not the servers .*so no model is ranked by it/);
  assert.match(
    io,
    /the leanest TypeScript server is answer at 8\.6 µs of server CPU per reply \(medians; Go 11 µs, event-loop 14 µs\)/,
  );
  assert.doesNotMatch(io, /fastest|req\/s:|× \(/);
  assert.match(
    shared.find((line) => line.startsWith('CPU-bound (n=22)')) ?? '',
    /the fastest TypeScript server is answer/,
  );
  const pinned = headline(
    withPlacement(summarise(fewMicros), {
      servers: 'this machine, servers on CPU 0, load generator on CPU 1',
      cores: 2,
    }),
  );
  assert.match(
    pinned.find((line) => line.startsWith('I/O-bound')) ?? '',
    /the fastest TypeScript server is answer at 60,000 req\/s/,
  );
});

test("the answer's placement-bound cell is judged on CPU per reply, not req/s; pinned apart, on req/s", () => {
  const cellOf = (servers: string, records = fewMicros) =>
    answerCells(records, withPlacement(summarise(records), { servers, cores: 2 }), undefined).find(
      (c) => c.scenario === 'io',
    );
  const shared = cellOf('this machine');
  assert.equal(shared?.measure, 'cpuUsPerReply');
  assert.equal(shared?.answer, 8.6);
  assert.equal(shared?.go, 11);
  assert.equal(shared?.vsGo?.significance, 'lower', '8.6 ÷ 11 µs in every round');
  assert.equal(answerVerdict(shared as NonNullable<typeof shared>), 'met: less CPU per reply than Go');
  // By req/s the answer (60,000) would trail py-thread (72,000): no such comparison is made.
  assert.equal(
    shared?.best?.variant,
    'event-loop',
    'the best seed row by CPU per reply (14 µs; py-thread is a peer)',
  );
  const section = answerSection(shared === undefined ? [] : [shared], 'markdown');
  assert.match(section?.tables[0]?.table.rows[0]?.[0] ?? '', /io n=1, 2 cl\. \(CPU µs\/reply †\)/);
  assert.match(section?.about ?? '', /† A cell whose req\/s measures thread placement/);
  // Dearer than Go per reply: missed, said with the ratio.
  const dear = cellOf('this machine', run({ go: 11, loop: 14, thread: 13, answer: 16 }));
  assert.match(answerVerdict(dear as NonNullable<typeof dear>), /^missed: 1\.45× Go's CPU per reply$/);
  const pinned = cellOf('this machine, servers on CPU 0, load generator on CPU 1');
  assert.equal(pinned?.measure, 'reqPerSec');
  assert.equal(pinned?.answer, 60_000);
});

test('the saved default run: its I/O cells are placement-bound, the CPU cells are not', async () => {
  const out = await mkdtemp(join(tmpdir(), 'fiblab-placement-'));
  try {
    const { code, stdout, stderr } = await runCli(
      ['compare', '--from', 'docs/results/2026-11-27T15-52-45-518Z.json', '--out', out],
      60_000,
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, /I\/O-bound \(n=1\), 2 clients: req\/s here measures thread placement/);
    assert.match(stdout, /CPU-bound \(n=22\), 2 clients: the fastest TypeScript server is answer/);
    assert.match(stdout, /variant\s+µs\/reply\s+1 cl\. req\/s †\s+2 cl\. req\/s †/);
    assert.match(stdout, /placement-bound †/); // the event-loop ÷ Go, n=1 headline ratio
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
