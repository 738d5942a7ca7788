/** From slices to paired ratios: pairing by round, the ABBA schedule, drift cancellation, bad input. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { signedRankCount } from '../ts/stats/log-interval.js';
import {
  pairedLogRatios,
  pairedRatio,
  ratioOfRatios,
  schedule,
  significanceOf,
  verdictOf,
} from '../ts/stats/paired.js';
import type { Slice } from '../ts/stats/types.js';

const isInputError = (error: unknown) => (error as { code?: string }).code === 'ERR_STATS_INPUT';

/** Rounds of A and B slices from lists of rates (same length). */
const slicesOf = (a: readonly number[], b: readonly number[]): Slice[] =>
  a.flatMap((rate, round) => [
    { side: 'A', round, reqPerSec: rate },
    { side: 'B', round, reqPerSec: b[round] as number },
  ]);

const rate = fc.double({ min: 100, max: 100_000, noNaN: true });
const rounds = fc.array(fc.tuple(rate, rate), { minLength: 2, maxLength: 20 });

test('the schedule alternates the order of sides every round (ABBA)', () => {
  const order = schedule(['A', 'B'], 4)
    .map((s) => s.side)
    .join('');
  assert.equal(order, 'ABBAABBA');
  assert.deepEqual(
    schedule(['a', 'b', 'c'], 2).map((s) => `${s.round}${s.side}`),
    ['0a', '0b', '0c', '1c', '1b', '1a'],
  );
});

test('a drift of the machine steady on the log scale cancels exactly in ABBA order, not in ABAB', () => {
  // Speed falls 3 % per slice; A's true rate is 1.5 × B's.
  const drifted = (order: 'ABBA' | 'ABAB') =>
    schedule(['A', 'B'], 8).map(({ round, side }, i) => {
      const actual = order === 'ABBA' ? side : i % 2 === 0 ? 'A' : 'B';
      return { side: actual, round, reqPerSec: (actual === 'A' ? 1500 : 1000) * 0.97 ** i };
    });
  assert.ok(Math.abs(pairedRatio(drifted('ABBA'), 'A', 'B').estimate - 1.5) < 1e-12);
  assert.ok(Math.abs(pairedRatio(drifted('ABAB'), 'A', 'B').estimate - 1.5 / 0.97) < 1e-12);
});

test('property: the order of the slices in the list does not change the estimate or interval', () => {
  fc.assert(
    fc.property(rounds, fc.integer(), (pairs, seed) => {
      const slices = slicesOf(
        pairs.map(([a]) => a),
        pairs.map(([, b]) => b),
      );
      const shuffled = [...slices].sort(
        (x, y) => ((x.reqPerSec * 7919 + seed) % 101) - ((y.reqPerSec * 7919 + seed) % 101),
      );
      for (const method of ['t', 'signed-rank'] as const) {
        assert.deepEqual(
          pairedRatio(shuffled, 'A', 'B', { method }),
          pairedRatio(slices, 'A', 'B', { method }),
        );
      }
    }),
  );
});

test('property: with the same spread, twice the pairs give a strictly narrower t interval', () => {
  fc.assert(
    fc.property(rounds, (pairs) => {
      const a = pairs.map(([x]) => x);
      const b = pairs.map(([, y]) => y);
      const once = pairedRatio(slicesOf(a, b), 'A', 'B');
      const twice = pairedRatio(slicesOf([...a, ...a], [...b, ...b]), 'A', 'B');
      const width = (r: typeof once) => Math.log((r.interval?.high ?? 0) / (r.interval?.low ?? 1));
      fc.pre(width(once) > 1e-9);
      assert.ok(width(twice) < width(once), `${width(twice)} vs ${width(once)}`);
      assert.ok(Math.abs(Math.log(twice.estimate / once.estimate)) < 1e-9);
    }),
  );
});

test('property: a ratio of ratios is the quotient of the two paired ratios (t, same rounds)', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(rate, rate, rate, rate), { minLength: 2, maxLength: 12 }), (quads) => {
      const slices = quads.flatMap((values, round) =>
        ['pool@2', 'pool@1', 'go@2', 'go@1'].map((side, i) => ({
          side,
          round,
          reqPerSec: values[i] as number,
        })),
      );
      const scaling = ratioOfRatios(slices, ['pool@2', 'pool@1'], ['go@2', 'go@1']);
      const pool = pairedRatio(slices, 'pool@2', 'pool@1');
      const go = pairedRatio(slices, 'go@2', 'go@1');
      assert.ok(Math.abs(Math.log(scaling.estimate / (pool.estimate / go.estimate))) < 1e-9);
      assert.equal(scaling.pairs, quads.length);
    }),
  );
});

test('rounds that missed a side are left out; the other sides of a round are ignored', () => {
  const slices: Slice[] = [
    ...slicesOf([200, 220, 210], [100, 100, 100]),
    { side: 'A', round: 3, reqPerSec: 1 }, // B never measured in round 3
    { side: 'C', round: 0, reqPerSec: 5 },
  ];
  assert.equal(pairedLogRatios(slices, 'A', 'B').length, 3);
  assert.equal(pairedRatio(slices, 'A', 'B').pairs, 3);
});

test('server CPU per reply is compared the same way, and a cost that rises is "slower"', () => {
  const slices: Slice[] = [0, 1, 2, 3].flatMap((round) => [
    { side: 'A', round, reqPerSec: 1000, cpuUsPerReply: 150 + round },
    { side: 'B', round, reqPerSec: 1000, cpuUsPerReply: 100 },
  ]);
  const cost = pairedRatio(slices, 'A', 'B', { metric: 'cpuUsPerReply' });
  assert.equal(cost.significance, 'higher');
  assert.equal(verdictOf(cost.significance, false), 'slower');
  assert.equal(pairedRatio(slices, 'A', 'B').significance, '~');
});

test('one pair gives an estimate and no interval, hence ~', () => {
  const one = pairedRatio(slicesOf([300], [100]), 'A', 'B');
  assert.ok(Math.abs(one.estimate - 3) < 1e-12);
  assert.equal(one.interval, null);
  assert.equal(one.significance, '~');
  assert.equal(
    pairedRatio(slicesOf([3, 3, 3, 3, 3], [1, 1, 1, 1, 1]), 'A', 'B', { method: 'signed-rank' }).interval,
    null,
  );
});

test('bad input is refused with ERR_STATS_INPUT and a message that says what is wrong', () => {
  const ok = slicesOf([200, 210], [100, 105]);
  const cases: Array<[() => unknown, RegExp]> = [
    [
      () => pairedRatio([...ok, { side: 'A', round: 0, reqPerSec: 1 }], 'A', 'B'),
      /'A' was measured twice in round 0/,
    ],
    [
      () => pairedRatio(slicesOf([200, 0], [100, 100]), 'A', 'B'),
      /round 1: reqPerSec must be a positive number/,
    ],
    [() => pairedRatio(slicesOf([200, Number.NaN], [100, 100]), 'A', 'B'), /positive number/],
    [() => pairedRatio(ok, 'A', 'B', { metric: 'cpuUsPerReply' }), /cpuUsPerReply must be a positive number/],
    [() => pairedRatio(ok, 'A', 'A'), /cannot be compared with itself/],
    [() => pairedRatio(ok, 'A', 'C'), /no round measured both 'A' and 'C'/],
    [() => ratioOfRatios(ok, ['A', 'B'], ['A', 'C']), /four different sides/],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (error: Error) => isInputError(error) && message.test(error.message));
  }
});

test('the signed-rank count matches the published two-sided 5 % critical values (T ≤ c rejects; k = c + 1)', () => {
  const critical: Record<number, number> = {
    6: 0,
    7: 2,
    8: 3,
    9: 5,
    10: 8,
    11: 10,
    12: 13,
    15: 25,
    20: 52,
    25: 89,
  };
  for (const [n, c] of Object.entries(critical)) assert.equal(signedRankCount(Number(n)), c + 1, `n = ${n}`);
  assert.equal(signedRankCount(5), 0);
});

test('significance reads the interval against 1; the verdict reads it for a rate or a cost', () => {
  assert.equal(significanceOf({ low: 1.01, high: 1.2 }), 'higher');
  assert.equal(significanceOf({ low: 0.8, high: 0.99 }), 'lower');
  assert.equal(significanceOf({ low: 0.9, high: 1.1 }), '~');
  assert.equal(significanceOf({ low: 1, high: 1.1 }), '~');
  assert.equal(significanceOf(null), '~');
  assert.equal(verdictOf('higher'), 'faster');
  assert.equal(verdictOf('lower'), 'slower');
  assert.equal(verdictOf('lower', false), 'faster');
  assert.equal(verdictOf('~', false), '~');
});
