/** compare --latency's plan: the ladder's cells, the rates of its steps, the capacity first, the budget (no servers). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../ts/cli/command.js';
import { CAPACITY_ROUNDS, capacityOf } from '../ts/compare/measure/capacity.js';
import { planRun } from '../ts/compare/measure/plan.js';
import { estimateRun, sliceForBudget } from '../ts/compare/measure/run.js';
import { compareOptions, LATENCY_BUDGET_S, LATENCY_ROUNDS, LATENCY_VARIANTS } from '../ts/compare/options.js';
import {
  type Cell,
  LATENCY_RATES,
  LATENCY_SHARES,
  MIXED_IO_RATE,
  offeredRate,
  SCENARIOS,
} from '../ts/compare/scenarios.js';
import { sliceRecord } from './helpers/slice-record.js';

const ladder = SCENARIOS.latency.cells([1, 2]);

test('the ladder: every share of capacity, then every fixed rate, at n=22 over two connections', () => {
  assert.deepEqual(
    ladder.map((c) => c.offered),
    [...LATENCY_SHARES.map((share) => ({ share })), ...LATENCY_RATES.map((rate) => ({ rate }))],
  );
  for (const cell of ladder) assert.deepEqual([cell.scenario, cell.n, cell.clients], ['latency', 22, 2]);
  assert.deepEqual(LATENCY_SHARES, [0.1, 0.25, 0.5, 0.7, 0.85, 0.95]);
});

test("a share's rate is of the server's own capacity; a fixed rate is everyone's; a share without capacity is refused", () => {
  const half = ladder.find(
    (c) => c.offered !== undefined && 'share' in c.offered && c.offered.share === 0.5,
  ) as Cell;
  assert.deepEqual(SCENARIOS.latency.groups(half, 6_000), [{ n: 22, clients: 2, rate: 3_000 }]);
  assert.equal(offeredRate(half, 7_001), 3_501, 'rounded to a whole request per second');
  const fixed = ladder.find((c) => c.offered !== undefined && 'rate' in c.offered) as Cell;
  assert.equal(offeredRate(fixed, 6_000), LATENCY_RATES[0]);
  assert.equal(offeredRate(fixed, undefined), LATENCY_RATES[0]);
  assert.throws(() => offeredRate(half, undefined), /capacity was not measured/);
});

test('--latency plans the capacity cell first and the ladder for every server that can take two connections', async () => {
  const options = compareOptions({ latency: true, only: 'event-loop,go,sequential' }, '/tmp');
  assert.deepEqual(options.scenarios, ['latency']);
  assert.equal(options.rounds, LATENCY_ROUNDS);
  assert.equal(options.budgetS, LATENCY_BUDGET_S);
  assert.equal(options.sliceFromBudget, true);
  assert.deepEqual(options.runtimes, ['node']);
  const plan = await planRun(options);
  const capacity = { scenario: 'cpu', clients: 2, n: 22 };
  assert.deepEqual(plan.capacity, [capacity]);
  assert.deepEqual(plan.capacityOnly, [capacity], 'measured for the ladder alone, not in the rounds');
  const cellsOf = (name: string) => plan.sessions.find((s) => s.variant.name === name)?.cells;
  assert.deepEqual(cellsOf('event-loop'), [...ladder, capacity]);
  // One connection at a time cannot be offered two connections' load: no ladder, so not started at all.
  assert.equal(cellsOf('sequential'), undefined);
  assert.deepEqual(
    plan.unavailable.filter((u) => u.variant === 'sequential').map((u) => u.reason),
    ['not measured by latency'],
  );
  assert.ok(!LATENCY_VARIANTS.includes('sequential'));
  for (const name of ['event-loop', 'go', 'answer', 'native-async', 'cluster'])
    assert.ok(LATENCY_VARIANTS.includes(name));
  // The capacity rounds are in the estimate, and not in a round's slices.
  const { capacityS, roundS, totalS } = estimateRun(plan, options);
  assert.ok(capacityS > 0);
  const servers = plan.sessions.length;
  assert.ok(
    roundS > servers * ladder.length * options.timing.sliceS,
    'a round is every server at every step',
  );
  assert.ok(totalS > capacityS + options.rounds * roundS);
  assert.ok(CAPACITY_ROUNDS >= 2, 'a median of more than one slice');
});

test("the default --latency run's slices are the longest that keep it within its budget (~12 minutes with the stops)", async () => {
  const options = compareOptions({ latency: true }, '/tmp');
  const plan = await planRun(options);
  const sliceS = sliceForBudget(plan, options);
  const at = (s: number) => estimateRun(plan, { ...options, timing: { ...options.timing, sliceS: s } });
  assert.ok(sliceS >= 0.3 && sliceS <= 3, `${sliceS} s`);
  assert.ok(at(sliceS).totalS <= LATENCY_BUDGET_S, `${at(sliceS).totalS} s within ${LATENCY_BUDGET_S} s`);
  assert.ok(sliceS === 3 || at(sliceS + 0.05).totalS > LATENCY_BUDGET_S, 'a longer slice would not fit');
  assert.ok(
    LATENCY_BUDGET_S <= 11 * 60,
    'the budget leaves a minute for the starts beyond the estimate and the stops',
  );
  // A budget too small for any ladder still measures one: the shortest slice a p99 can come from.
  assert.equal(sliceForBudget(plan, { ...options, budgetS: 10 }), 0.3);
});

test('--latency and --mixed-rate: what they refuse, and what they set', () => {
  const usage = (values: Parameters<typeof compareOptions>[0], pattern: RegExp) =>
    assert.throws(
      () => compareOptions(values, '/tmp'),
      (e: Error) => e instanceof UsageError && pattern.test(e.message),
    );
  usage({ latency: true, sweep: true }, /--latency is a run of its own: drop --sweep/);
  usage({ latency: true, full: true }, /drop --full/);
  usage({ latency: true, scenarios: 'io' }, /--latency chooses its scenarios/);
  usage({ latency: true, clients: '4' }, /two connections|2 connections/);
  usage({ 'mixed-rate': 'fast' }, /--mixed-rate must be a whole number/);
  usage({ 'mixed-rate': '0' }, /--mixed-rate must be a whole number from 1/);
  assert.equal(compareOptions({}, '/tmp').mixedRate, MIXED_IO_RATE);
  assert.equal(compareOptions({ 'mixed-rate': '250' }, '/tmp').mixedRate, 250);
  assert.equal(compareOptions({ 'mixed-rate': 'closed' }, '/tmp').mixedRate, undefined);
  assert.equal(compareOptions({ latency: true, quick: true }, '/tmp').sliceFromBudget, false);
  assert.equal(compareOptions({ latency: true, slice: '1s' }, '/tmp').sliceFromBudget, false);
  assert.equal(compareOptions({ latency: true, rounds: '3' }, '/tmp').rounds, 3);
  const mixed = SCENARIOS.mixed;
  assert.deepEqual(mixed.groups(mixed.cells([2], { mixedRate: 250 })[0] as Cell), [
    { n: 30, clients: 1 },
    { n: 1, clients: 1, rate: 250 },
  ]);
  assert.deepEqual(mixed.groups(mixed.cells([2], {})[0] as Cell), [
    { n: 30, clients: 1 },
    { n: 1, clients: 1 },
  ]);
});

test("a step's capacity is the median of the same server's served capacity slices", () => {
  const capacity = (variant: string, round: number, reqPerSec: number, notServed = 0, transport?: 'http') =>
    sliceRecord({
      variant,
      scenario: 'cpu',
      clients: 2,
      n: 22,
      round,
      reqPerSec,
      latencyMs: null,
      serverCpu: null,
      cpuUsPerReply: null,
      serverRssMiB: null,
      clientCpu: 0,
      clientWorkers: 1,
      durationS: 0.4,
      notServed,
      ...(transport === undefined ? {} : { transport }),
    });
  const records = [
    capacity('go', 0, 9_000),
    capacity('go', 1, 1_000),
    capacity('go', 2, 8_000),
    capacity('go', 3, 99_000, 1),
    capacity('go', 0, 2_000, 0, 'http'),
    capacity('event-loop', 0, 5_000),
  ];
  const share = ladder[0] as Cell;
  const fixed = ladder[ladder.length - 1] as Cell;
  const go = { variant: 'go', runtime: 'node' };
  assert.equal(
    capacityOf(records, go, share),
    8_000,
    'median of 9,000, 1,000, 8,000 (the unserved slice left out)',
  );
  assert.equal(capacityOf(records, { ...go, transport: 'http' }, share), 2_000, 'per transport');
  assert.equal(capacityOf(records, go, fixed), undefined, 'a fixed rate needs none');
  assert.equal(capacityOf(records, { variant: 'pool', runtime: 'node' }, share), undefined);
});
