/**
 * The map's planning and analysis, from records made here (no servers): the sweep's and the
 * scaling's cells, the default run's cells unchanged, rounds fitted to a budget, crossovers as
 * significance statements, the cost per connection, and tables that fit the terminal.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../ts/cli/command.js';
import { connectionCosts } from '../ts/compare/analyse/connection-cost.js';
import { crossoverOf, crossovers } from '../ts/compare/analyse/crossover.js';
import { summarise } from '../ts/compare/analyse/summary.js';
import { planRun } from '../ts/compare/measure/plan.js';
import { estimateRun } from '../ts/compare/measure/run.js';
import { compareOptions, SWEEP_VARIANTS } from '../ts/compare/options.js';
import { mapHeadline } from '../ts/compare/render/map-headline.js';
import { crossoverText } from '../ts/compare/render/map-tables.js';
import { renderReport } from '../ts/compare/render/tables.js';
import { SCALING_CLIENTS, type ScenarioName, SWEEP_NS } from '../ts/compare/scenarios.js';
import type { MeasurementRecord } from '../ts/compare/types.js';
import { renderedWidth } from '../ts/render/table.js';
import { seededRandom } from './helpers/prng.js';
import { cellRecord } from './helpers/slice-record.js';

const record = cellRecord;

/**
 * A sweep where `b` costs a fixed hop plus the work and `a` only the work, twice as slow: `a`
 * wins while the hop dominates and loses once the work does. Rounds carry ±3 % noise and a
 * machine factor both sides share (what pairing cancels).
 */
function sweep(rounds: number, seed = 7): MeasurementRecord[] {
  const random = seededRandom(seed);
  const records: MeasurementRecord[] = [];
  for (let round = 0; round < rounds; round++) {
    const machine = 0.7 + random() * 0.6;
    for (const n of SWEEP_NS) {
      const work = 0.001 * 1.618 ** n; // µs
      const noise = () => 1 + (random() - 0.5) * 0.06;
      records.push(record('event-loop', 'sweep', 2, n, round, (machine * 1e6 * noise()) / (5 + 2 * work)));
      records.push(record('pool', 'sweep', 2, n, round, (machine * 1e6 * noise()) / (60 + work)));
    }
  }
  return records;
}

test('--sweep plans every size of the grid at 1 and 2 clients for the TS strategies and Go, on the system Node', async () => {
  const options = compareOptions({ sweep: true }, '/tmp');
  assert.deepEqual(options.scenarios, ['sweep']);
  assert.deepEqual(options.runtimes, ['node']);
  assert.equal(options.roundsFromBudget, true);
  assert.ok(options.budgetS <= 600, 'within 10 minutes');
  const plan = await planRun(options);
  const planned = [...plan.sessions.map((s) => s.variant.name), ...plan.unavailable.map((u) => u.variant)];
  assert.deepEqual(planned.sort(), [...SWEEP_VARIANTS].sort());
  for (const session of plan.sessions) {
    assert.deepEqual(
      session.cells.map((c) => `${c.n}/${c.clients}`).sort(),
      SWEEP_NS.flatMap((n) => [`${n}/1`, `${n}/2`]).sort(),
      session.variant.name,
    );
  }
  assert.equal(SWEEP_NS[0], 1);
  assert.equal(SWEEP_NS[SWEEP_NS.length - 1], 32);
});

test('--scaling plans clients 1…256 at n=1 and n=22, and churn beside its kept-alive companion', async () => {
  const options = compareOptions({ scaling: true, only: 'event-loop,worker-per-connection' }, '/tmp');
  const plan = await planRun(options);
  assert.equal(plan.sessions.length, 2);
  for (const session of plan.sessions) {
    const cells = session.cells.map((c) => `${c.scenario}/${c.n}/${c.clients}`);
    for (const n of [1, 22]) for (const c of SCALING_CLIENTS) assert.ok(cells.includes(`scaling/${n}/${c}`));
    assert.ok(cells.includes('churn/1/1'));
    assert.ok(cells.includes('io/1/1'), 'churn brings the kept-alive cell it is priced against');
  }
});

test('the default run plans exactly the cells it did before the map', async () => {
  const options = compareOptions({ only: 'event-loop', runtimes: 'node' }, '/tmp');
  assert.equal(options.roundsFromBudget, false);
  assert.equal(options.rounds, 6);
  const plan = await planRun(options);
  assert.deepEqual(plan.sessions[0]?.cells, [
    { scenario: 'io', clients: 1, n: 1 },
    { scenario: 'io', clients: 2, n: 1 },
    { scenario: 'cpu', clients: 1, n: 22 },
    { scenario: 'cpu', clients: 2, n: 22 },
    { scenario: 'heavy', clients: 2, n: 30 },
    // The mixed scenario's I/O client runs an open loop at a fixed rate unless --mixed-rate closed.
    { scenario: 'mixed', clients: 2, n: 30, offered: { rate: 1000 } },
  ]);
  assert.equal(estimateRun(plan, options).rounds, 6);
});

test('a map run buys as many rounds as its budget holds, at least two', async () => {
  const options = compareOptions({ sweep: true, only: 'event-loop,pool' }, '/tmp');
  const plan = await planRun(options);
  const { rounds, roundS, totalS } = estimateRun(plan, options);
  assert.ok(rounds >= 2);
  assert.ok(totalS <= options.budgetS || rounds === 2, `${totalS} s within ${options.budgetS} s`);
  assert.ok(totalS + roundS > options.budgetS || rounds === options.rounds, 'one more round would not fit');
  assert.equal(estimateRun(plan, { ...options, budgetS: 1 }).rounds, 2);
});

test('the map flags refuse what cannot go together, with the reason', () => {
  assert.throws(() => compareOptions({ sweep: true, scenarios: 'io' }, '/tmp'), UsageError);
  assert.throws(() => compareOptions({ sweep: true, full: true }, '/tmp'), /--full runs the sweep/);
  const full = compareOptions({ full: true }, '/tmp');
  assert.ok(['sweep', 'scaling', 'churn'].every((s) => full.scenarios.includes(s as ScenarioName)));
});

test('a crossover is the smallest n from which the intervals exclude 1 at every larger n', () => {
  const records = sweep(6);
  const c = crossoverOf(records, { a: 'pool', b: 'event-loop', about: '' }, 2);
  assert.equal(c.verdict, 'ahead-from');
  assert.ok(c.from !== null && c.at !== null);
  assert.equal(c.at.significance, 'higher');
  // Every point from the crossover on is 'higher'; the point before it is not.
  const from = c.points.findIndex((p) => p.n === c.from);
  assert.ok(c.points.slice(from).every((p) => p.ratio?.significance === 'higher'));
  assert.notEqual(c.points[from - 1]?.ratio?.significance, 'higher');
  // The model's crossing: 60 + w = 5 + 2w at w = 55 µs, n ≈ 22.7; the event loop wins below it.
  assert.ok(c.from >= 22 && c.from <= 24, `crossover at ${c.from}`);
  assert.ok(c.otherAheadUntil !== null && c.otherAheadUntil < c.from);
  assert.match(crossoverText(c), /^pool ahead from n=\d+; event-loop ahead up to n=\d+$/);
  // Read the other way round, the same crossing is the other side's.
  const reverse = crossoverOf(records, { a: 'event-loop', b: 'pool', about: '' }, 2);
  assert.equal(reverse.verdict, 'behind-from');
  assert.equal(reverse.from, c.from);
});

test('no crossover is claimed where the largest n cannot tell the two apart', () => {
  const random = seededRandom(3);
  const records = Array.from({ length: 5 }, (_, round) =>
    SWEEP_NS.flatMap((n) => [
      record('native-async', 'sweep', 2, n, round, 1000 * (1 + (random() - 0.5) * 0.2)),
      record('go', 'sweep', 2, n, round, 1000 * (1 + (random() - 0.5) * 0.2)),
    ]),
  ).flat();
  const c = crossoverOf(records, { a: 'native-async', b: 'go', about: '' }, 2);
  assert.equal(c.verdict, 'none');
  assert.equal(c.from, null);
  assert.equal(crossoverOf([], { a: 'native-async', b: 'go', about: '' }, 2).verdict, 'unmeasured');
  // Only the pairs whose sides were both measured are listed.
  assert.deepEqual(
    crossovers(records).map((x) => `${x.a}/${x.b}`),
    ['native-async/go'],
  );
});

test('the cost of a connection is the paired CPU ratio, new ÷ kept-alive, times the kept-alive CPU', () => {
  const records = Array.from({ length: 4 }, (_, round) => [
    record('event-loop', 'io', 1, 1, round, 20_000, { cpuUsPerReply: 40 + round }),
    record('event-loop', 'churn', 1, 1, round, 5_000, { cpuUsPerReply: 2 * (40 + round) }),
    record('worker-per-connection', 'io', 1, 1, round, 10_000, { cpuUsPerReply: 80 }),
    record('worker-per-connection', 'churn', 1, 1, round, 200, { cpuUsPerReply: 80 * (30 + round) }),
  ]).flat();
  const summaries = summarise(records);
  const costs = connectionCosts(summaries, records);
  const loop = costs.find((c) => c.variant === 'event-loop');
  // CPU per reply doubled in every round: a connection costs what a kept-alive reply does.
  assert.ok(Math.abs((loop?.cpuRatio?.estimate ?? 0) - 2) < 1e-9);
  assert.ok(Math.abs((loop?.serverCpuUs ?? 0) - 41.5) < 1e-9, `${loop?.serverCpuUs}`);
  assert.ok(Math.abs((loop?.wallUs ?? 0) - (1e6 / 5000 - 1e6 / 20_000)) < 1e-9);
  const thread = costs.find((c) => c.variant === 'worker-per-connection');
  assert.ok((thread?.serverCpuUs ?? 0) > 2000, 'a thread start per connection shows');
  const lines = mapHeadline(summaries, [], costs);
  assert.ok(lines.some((l) => /worker-per-connection/.test(l) && /event-loop/.test(l)));
});

test('the map tables fit 120 terminal columns and say not served as such', () => {
  const records = [
    ...sweep(3),
    ...Array.from({ length: 3 }, (_, round) =>
      SCALING_CLIENTS.flatMap((clients) => [
        record('worker-per-connection', 'scaling', clients, 22, round, 3000),
        record('sequential', 'scaling', clients, 22, round, 900, { notServed: clients - 1 }),
      ]),
    ).flat(),
  ];
  const summaries = summarise(records);
  const input = {
    summaries,
    unavailable: [],
    scenarios: ['sweep', 'scaling'] as ScenarioName[],
    clientCounts: [1, 2],
    runtimes: ['node'],
    crossovers: crossovers(records),
  };
  const text = renderReport(input, [], 'terminal');
  for (const line of text.split('\n')) assert.ok(renderedWidth(line) <= 120, `too wide: ${line}`);
  assert.match(text, /The map: req\/s over n = 1…32/);
  assert.match(text, /Crossovers/);
  assert.match(text, /load generator CPU/);
  const md = renderReport(input, [], 'markdown');
  assert.match(md, /\| sequential +\| +900 +\| 900 · 1 not served/);
  assert.match(md, /pool ÷ event-loop/);
});
