/**
 * A run against a saved one, on made-up records: a cell made slower comes out significant in
 * the right direction for each figure, unchanged cells `~`, runs from another machine or with
 * other slice settings are refused naming the field, and the regression gate reads a threshold.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compareWithBaseline,
  NotComparableError,
  regressions,
  runShift,
  unchangedShare,
} from '../ts/compare/analyse/baseline.js';
import { renderBaseline } from '../ts/compare/render/baseline-table.js';
import { gaussian, seededRandom } from './helpers/prng.js';
import { savedRun, type TrueCell } from './helpers/saved-run.js';

const cells: TrueCell[] = [
  { variant: 'event-loop', reqPerSec: 20_000, p99Ms: 0.1, cpuUsPerReply: 40 },
  { variant: 'pool', reqPerSec: 12_000, p99Ms: 0.2, cpuUsPerReply: 80 },
  { variant: 'go', reqPerSec: 22_000, p99Ms: 0.09, cpuUsPerReply: 35 },
  { variant: 'pool', scenario: 'cpu', clients: 2, reqPerSec: 300, p99Ms: 8, cpuUsPerReply: 6000 },
];
// The same servers, pool made 20 % slower at every figure in the io cell.
const slowerPool = cells.map((c) =>
  c.variant === 'pool' && c.scenario === undefined
    ? { ...c, reqPerSec: c.reqPerSec / 1.2, p99Ms: c.p99Ms * 1.2, cpuUsPerReply: c.cpuUsPerReply * 1.2 }
    : c,
);

// Seeded noise: an unchanged figure is a false alarm 5 % of the time by design (of 19 seed pairs
// tried, 8 of 171 unchanged figures were); seeds 1 and 101 give none, so the checks can be exact.
test('a cell made 20 % slower is worse in req/s, p99 and CPU per reply; the others are ~', () => {
  const old = savedRun(cells, { seed: 1 });
  const fresh = savedRun(slowerPool, { seed: 101, environment: { gitCommit: 'def5678' } });
  const comparison = compareWithBaseline(old, fresh);
  assert.equal(comparison.cells.length, 4);
  for (const cell of comparison.cells) {
    const slowed = cell.variant === 'pool' && cell.scenario === 'io';
    for (const metric of ['reqPerSec', 'p99Ms', 'cpuUsPerReply'] as const) {
      const change = cell.changes[metric];
      assert.ok(change !== null, `${cell.variant} ${metric} read`);
      assert.equal(
        change.verdict,
        slowed ? 'worse' : '~',
        `${cell.variant} ${cell.scenario} ${metric}: ${JSON.stringify(change)}`,
      );
    }
  }
  const pool = comparison.cells.find((c) => c.variant === 'pool' && c.scenario === 'io');
  assert.ok(pool && Math.abs((pool.changes.reqPerSec?.estimate ?? 0) - 1 / 1.2) < 0.04);
  assert.ok(pool && Math.abs((pool.changes.cpuUsPerReply?.estimate ?? 0) - 1.2) < 0.05);
  assert.equal(unchangedShare(comparison), 0.75);
  assert.deepEqual(comparison.differences, ["commit: 'abc1234' → 'def5678'"]);
  // The other way round it is better, by the inverse.
  const back = compareWithBaseline(fresh, old).cells.find((c) => c.variant === 'pool' && c.scenario === 'io');
  assert.equal(back?.changes.reqPerSec?.verdict, 'better');
  assert.equal(back?.changes.p99Ms?.verdict, 'better');
});

test('the table says it is weaker than the paired ratios, marks ~ and names the change', () => {
  const comparison = compareWithBaseline(savedRun(cells, { seed: 1 }), savedRun(slowerPool, { seed: 101 }));
  const text = renderBaseline(comparison, 'terminal');
  assert.match(text, /weaker than the\s+paired ratios within a run/);
  assert.match(text, /pool@node io n=1 ×1 +0\.8\d× \(0\.\d\d–0\.\d\d\) +worse ¹/);
  assert.match(text, /event-loop@node io n=1 ×1 +~ (0\.9\d|1\.0\d)×/);
  assert.match(text, /req\/s: 75 % of 4 cells ~; 1 worse, 0 better/);
  assert.match(renderBaseline(comparison, 'markdown'), /^\| cell +\| req\/s new ÷ old/m);
});

test("a machine busier in one run moves every cell alike: the whole-run shift and each run's machine say so", () => {
  const old = savedRun(cells, { seed: 1 });
  // Every cell 25 % slower, and every slice of the run disturbed by other processes.
  const slowed = savedRun(
    cells.map((c) => ({ ...c, reqPerSec: c.reqPerSec / 1.25, cpuUsPerReply: c.cpuUsPerReply * 1.25 })),
    { seed: 101 },
  );
  const busy = {
    ...slowed,
    records: slowed.records.map((r) => ({
      ...r,
      noise: { coreSeconds: 0.8, stealPct: 0, busyPct: 90, serverPct: 40, loadPct: 20, othersPct: 30 },
    })),
  };
  const comparison = compareWithBaseline(old, busy);
  const shift = runShift(comparison, 'reqPerSec') ?? 0;
  assert.ok(Math.abs(shift - 0.8) < 0.03, `req/s shift ${shift}`);
  assert.ok(Math.abs((runShift(comparison, 'cpuUsPerReply') ?? 0) - 1.25) < 0.04);
  assert.equal(comparison.new.disturbedShare, 1);
  assert.equal(comparison.new.othersPct, 30);
  const text = renderBaseline(comparison, 'terminal').replace(/\s+/g, ' ');
  assert.match(text, /Whole-run shift \(median new ÷ old over the cells, 95 %\): req\/s 0\.\d\d×/);
  assert.match(text, /this run 100 % of slices disturbed \(mean other processes 30 %, steal 0 %\)/);
});

test('runs that are not comparable are refused, naming every field that differs', () => {
  const old = savedRun(cells, { seed: 1 });
  const other = (environment: Parameters<typeof savedRun>[1]['environment']) =>
    savedRun(cells, { seed: 2, environment });
  assert.throws(() => compareWithBaseline(old, other({ cpuModel: 'AMD EPYC 7B13' })), {
    name: 'Error',
    message: /not comparable: CPU model: 'Intel\(R\) Xeon\(R\) Processor' → 'AMD EPYC 7B13'$/,
  });
  assert.throws(() => compareWithBaseline(old, other({ cores: 4 })), /cores: 2 → 4/);
  assert.throws(
    () => compareWithBaseline(old, other({ timing: { startWarmupS: 1, warmupS: 0.15, sliceS: 0.3 } })),
    /slice length \(s\): 0\.4 → 0\.3$/,
  );
  assert.throws(
    () => compareWithBaseline(old, other({ timing: { startWarmupS: 1, warmupS: 0.25, sliceS: 0.4 } })),
    /slice warm-up \(s\): 0\.15 → 0\.25/,
  );
  assert.throws(() => compareWithBaseline(old, other({ servers: 'CPUs 0-7' })), NotComparableError);
  // What is usually the change itself is allowed, and reported.
  const upgraded = compareWithBaseline(old, other({ node: 'v24.21.0', runtimes: { node: '24.21.0' } }));
  assert.deepEqual(upgraded.differences, ["Node.js: 'v20.20.0' → 'v24.21.0'", "node: '20.20.0' → '24.21.0'"]);
});

test('cells of one run only are listed apart; unserved slices and too few rounds give no verdict', () => {
  const old = savedRun(cells, { seed: 1 });
  const fresh = savedRun(cells.slice(0, 2), { seed: 2 });
  fresh.records.push(
    ...savedRun([{ variant: 'cluster', reqPerSec: 1, p99Ms: 1, cpuUsPerReply: 1 }], { seed: 3 }).records,
  );
  const comparison = compareWithBaseline(old, fresh);
  assert.deepEqual(comparison.onlyOld, ['go@node io n=1 ×1', 'pool@node cpu n=22 ×2']);
  assert.deepEqual(comparison.onlyNew, ['cluster@node io n=1 ×1']);

  const unserved = savedRun(cells.slice(0, 1), { seed: 4 });
  for (const r of unserved.records) r.notServed = 1;
  assert.equal(compareWithBaseline(old, unserved).cells[0]?.changes.reqPerSec, null);

  const short = compareWithBaseline(
    savedRun(cells, { seed: 5, rounds: 3 }),
    savedRun(cells, { seed: 6, rounds: 3 }),
  );
  assert.equal(short.cells[0]?.changes.reqPerSec?.interval, null);
  assert.equal(short.cells[0]?.changes.reqPerSec?.verdict, '~');
  assert.match(renderBaseline(short, 'terminal'), /n\/a: fewer than 4 usable rounds/);
});

test('the regression gate: significantly worse by more than the threshold, in req/s or CPU per reply', () => {
  const comparison = compareWithBaseline(savedRun(cells, { seed: 1 }), savedRun(slowerPool, { seed: 101 }));
  const failing = regressions(comparison, 0.1);
  assert.deepEqual(
    failing.map((r) => `${r.cell} ${r.metric}`),
    ['pool@node io n=1 ×1 reqPerSec', 'pool@node io n=1 ×1 cpuUsPerReply'],
  );
  assert.deepEqual(regressions(comparison, 0.3), [], '20 % is within a 30 % threshold');
  assert.equal(regressions(comparison, 0.1, ['p99Ms']).length, 1, 'p99 only when asked for');
});

// A run of 24 cells where the machine moved everything: each cell 1.13× faster (what two quiet
// default runs back to back showed) times its own run-to-run scatter (σ 5 % on the log scale).
const many: TrueCell[] = Array.from({ length: 12 }, (_, i) => i).flatMap((i) => [
  { variant: `v${i}`, reqPerSec: 10_000 + 1_000 * i, p99Ms: 0.1, cpuUsPerReply: 40 },
  {
    variant: `v${i}`,
    scenario: 'cpu' as const,
    clients: 2,
    reqPerSec: 300 + 10 * i,
    p99Ms: 8,
    cpuUsPerReply: 6000,
  },
]);
function machineMoved(cells: readonly TrueCell[], factor: number, seed: number): TrueCell[] {
  const random = seededRandom(seed);
  return cells.map((c) => {
    const f = factor * Math.exp(0.05 * gaussian(random));
    return { ...c, reqPerSec: c.reqPerSec * f, cpuUsPerReply: c.cpuUsPerReply / f };
  });
}

test('a machine that moved every cell: the plain verdicts say "better", the verdicts against the run say ~', () => {
  const comparison = compareWithBaseline(
    savedRun(many, { seed: 1 }),
    savedRun(machineMoved(many, 1.13, 7), { seed: 101 }),
  );
  assert.ok(unchangedShare(comparison) < 0.5, `plain ~ share ${unchangedShare(comparison)}`);
  assert.ok(unchangedShare(comparison, 'reqPerSec', true) >= 0.9);
  assert.ok(unchangedShare(comparison, 'cpuUsPerReply', true) >= 0.9);
  const shift = comparison.shifts.reqPerSec;
  assert.ok(shift !== null && shift.interval.low > 1.05 && shift.interval.high < 1.22, JSON.stringify(shift));
  assert.ok(shift.scatter > 1.03 && shift.scatter < 1.2, `scatter ${shift.scatter}`);
  assert.deepEqual(regressions(comparison, 0.05), []);
  const text = renderBaseline(comparison, 'terminal').replace(/\s+/g, ' ');
  assert.match(text, /Against the whole run \(÷ run\): req\/s (9\d|100) % ~/);
  assert.match(text, /req\/s 1\.\d\d× \(1\.\d\d–1\.\d\d\), a cell's own scatter ±\d+ %/);
});

test('one server slowed in a run the machine also moved: its cells are worse against the run, the gate names them', () => {
  const slowed = machineMoved(many, 1.13, 7).map((c) =>
    c.variant === 'v3' ? { ...c, reqPerSec: c.reqPerSec / 1.5, cpuUsPerReply: c.cpuUsPerReply * 1.5 } : c,
  );
  const comparison = compareWithBaseline(savedRun(many, { seed: 1 }), savedRun(slowed, { seed: 101 }));
  for (const cell of comparison.cells) {
    const against = cell.changes.reqPerSec?.againstRun?.verdict;
    if (cell.variant === 'v3') assert.equal(against, 'worse', `${cell.variant} ${cell.scenario}`);
  }
  assert.ok(unchangedShare(comparison, 'reqPerSec', true) >= 0.85);
  const failing = regressions(comparison, 0.1);
  assert.deepEqual([...new Set(failing.map((r) => r.cell))].sort(), [
    'v3@node cpu n=22 ×2',
    'v3@node io n=1 ×1',
  ]);
  assert.ok(failing.every((r) => r.reading === 'against the run'));
});

test('every cell slowed alike is not let through as the machine: the gate fails on the whole run', () => {
  const comparison = compareWithBaseline(
    savedRun(many, { seed: 1 }),
    savedRun(machineMoved(many, 1 / 1.3, 7), { seed: 101 }),
  );
  const failing = regressions(comparison, 0.1);
  assert.deepEqual(
    failing.map((r) => `${r.cell} ${r.metric} ${r.reading}`),
    ['whole run reqPerSec whole run', 'whole run cpuUsPerReply whole run'],
  );
  assert.ok(Math.abs((failing[0]?.change.estimate ?? 0) - 1 / 1.3) < 0.05);
});

test("an open-loop cell's req/s is its schedule's, not the server's: no ratio of it, its p99 and CPU still compared", () => {
  const openLoop = (run: ReturnType<typeof savedRun>) => ({
    ...run,
    records: run.records.map((r) => ({ ...r, offered: { rate: 1000 } })),
  });
  const comparison = compareWithBaseline(
    openLoop(savedRun(cells, { seed: 1 })),
    openLoop(savedRun(cells, { seed: 101 })),
  );
  for (const cell of comparison.cells) {
    assert.equal(cell.changes.reqPerSec, null);
    assert.notEqual(cell.changes.p99Ms, null);
  }
});
