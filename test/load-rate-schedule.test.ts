/**
 * The open-loop schedule: a group's requests evenly spaced at 1/rate over all its connections,
 * whichever worker holds them, in time order, none at or after the window's end, no drift.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OpenLoopSchedule, type ScheduledConnection } from '../dist/load/open-loop-schedule.js';

/** A connection that records what it was handed: [intended time, its index in the group]. */
function recorder(index: number, log: [number, number][]): ScheduledConnection {
  return { schedule: (intended) => log.push([intended, index]) };
}

test('a group of 4 connections at 1,000/s split over two workers: one request every ms, in turn', () => {
  const log: [number, number][] = [];
  const start = 100;
  const until = 150;
  const worker = (indices: number[]) =>
    new OpenLoopSchedule(
      [
        {
          rate: 1000,
          groupClients: 4,
          members: indices.map((index) => ({ index, connection: recorder(index, log) })),
        },
      ],
      start,
      until,
    );
  const a = worker([2, 0]); // given out of order: the schedule sorts by index
  const b = worker([1, 3]);
  assert.equal(a.nextDue, 100);
  assert.equal(b.nextDue, 101);
  a.runDue(until + 10, 0);
  b.runDue(until + 10, 0);
  assert.equal(a.nextDue, Number.POSITIVE_INFINITY, 'nothing at or after the end');
  log.sort((x, y) => x[0] - y[0]);
  assert.equal(log.length, 50);
  log.forEach(([time, index], k) => {
    assert.equal(time, start + k, `request ${k} at 1 ms spacing`);
    assert.equal(index, k % 4, `connection ${k % 4} takes its turn`);
  });
});

test('runDue hands over only what is due, in time order across groups', () => {
  const log: [number, number][] = [];
  const schedule = new OpenLoopSchedule(
    [
      { rate: 100, groupClients: 1, members: [{ index: 0, connection: recorder(0, log) }] },
      { rate: 300, groupClients: 1, members: [{ index: 0, connection: recorder(1, log) }] },
    ],
    0,
    1000,
  );
  schedule.runDue(25, 25);
  // 100/s: 0, 10, 20; 300/s: 0, 3.33, 6.67, …, 23.33
  assert.deepEqual(
    log.map(([, group]) => group),
    [0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1].slice(0, log.length),
  );
  assert.ok(
    log.every(([time], i) => i === 0 || time >= (log[i - 1] as [number, number])[0]),
    'in time order',
  );
  assert.ok(log.every(([time]) => time <= 25));
  assert.ok(schedule.nextDue > 25);
});

test('no drift: the millionth request of a 10,000/s connection is due exactly 100 s after the start', () => {
  let last = 0;
  const schedule = new OpenLoopSchedule(
    [{ rate: 10_000, groupClients: 1, members: [{ index: 0, connection: { schedule: (t) => (last = t) } }] }],
    5,
    5 + 100_000 + 0.05,
  );
  schedule.runDue(Number.MAX_VALUE, 0);
  assert.equal(last, 5 + 100_000);
});
