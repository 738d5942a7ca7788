/** A server's knee on its latency ladder: the rule, on made-up ladders (no servers). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEEPS_UP, KNEE_FACTOR, type KneePoint, kneeOf } from '../ts/compare/analyse/knee.js';

/** A ladder kept up with at every step, with these p99s (ms) at 100, 200, 300 … req/s. */
const ladder = (p99s: Array<number | null>): KneePoint[] =>
  p99s.map((p99Ms, i) => ({ targetRate: (i + 1) * 100, achievedRate: (i + 1) * 100, p99Ms }));

test('a flat curve has no knee; neither has a ladder of fewer than two measured steps', () => {
  assert.equal(kneeOf(ladder([1, 1.2, 0.9, 1.5, 2.9])), null, 'within 3× of the lowest load throughout');
  assert.equal(kneeOf(ladder([1])), null);
  assert.equal(kneeOf(ladder([null, 40])), null, 'a step with nothing measured does not count');
  assert.equal(kneeOf([]), null);
});

test('the hockey stick: the knee is the first step from which on p99 stays over 3× its low-load value', () => {
  const knee = kneeOf(ladder([1, 1.1, 1.4, 3.5, 9, 40]));
  assert.equal(knee?.index, 3);
  assert.equal(knee?.targetRate, 400);
  assert.equal(knee?.baseP99Ms, 1);
  assert.equal(knee?.p99Ms, 3.5);
  assert.equal(knee?.why, 'p99');
  assert.equal(KNEE_FACTOR, 3);
});

test('one slow step that the next takes back is noise, not the knee', () => {
  const knee = kneeOf(ladder([1, 5, 1.2, 1.3, 8, 30]));
  assert.equal(knee?.index, 4, 'the spike at 200 req/s is not where the queue took over');
});

test('a server that stops keeping up with the schedule is past its knee even before its p99 shows it', () => {
  const points = ladder([1, 1.2, 1.5, 2]);
  const last = points[3] as KneePoint;
  points[3] = { ...last, achievedRate: last.targetRate * (KEEPS_UP - 0.05) };
  const knee = kneeOf(points);
  assert.equal(knee?.index, 3);
  assert.equal(knee?.why, 'behind');
});

test('the points may come in any order: the knee indexes them as given, the base is the lowest load', () => {
  const points: KneePoint[] = [
    { targetRate: 8000, achievedRate: 8000, p99Ms: 50 },
    { targetRate: 100, achievedRate: 100, p99Ms: 2 },
    { targetRate: 4000, achievedRate: 4000, p99Ms: 7 },
    { targetRate: 1000, achievedRate: 1000, p99Ms: 2.5 },
  ];
  const knee = kneeOf(points);
  assert.equal(knee?.index, 2);
  assert.equal(knee?.baseP99Ms, 2);
  assert.equal(kneeOf(points, 20)?.index, 0, 'a larger factor moves it up the ladder');
  assert.equal(kneeOf(points, 30), null, 'and past the top it names none');
});
