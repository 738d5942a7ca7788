import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellFigure, clock } from '../ts/compare/measure/progress.js';
import type { MeasurementRecord } from '../ts/compare/types.js';

test('the ETA clock never reads 1:60 (it rounds before it splits minutes and seconds)', () => {
  assert.equal(clock(119.6), '2:00');
  assert.equal(clock(59.4), '0:59');
  assert.equal(clock(3601), '60:01');
  assert.equal(clock(-3), '0:00');
});

const record = (groups: MeasurementRecord['groups'], reqPerSec: number) =>
  ({ reqPerSec, groups }) as unknown as MeasurementRecord;

test('a one-group cell shows its rate; a mixed cell shows each group, never a combined rate', () => {
  assert.equal(
    cellFigure(record([{ n: 1, clients: 2, reqPerSec: 20_000, latencyMs: null, notServed: 0 }], 20_000)),
    '20,000 req/s',
  );
  const mixed = record(
    [
      { n: 30, clients: 1, reqPerSec: 85, latencyMs: null, notServed: 0 },
      { n: 1, clients: 1, reqPerSec: 126, latencyMs: null, notServed: 0 },
    ],
    211,
  );
  assert.equal(cellFigure(mixed), 'n=30 85 req/s, n=1 126 req/s');
  assert.doesNotMatch(cellFigure(mixed), /211/);
  const unserved = record(
    [
      { n: 30, clients: 1, reqPerSec: 65, latencyMs: null, notServed: 0 },
      { n: 1, clients: 1, reqPerSec: 0, latencyMs: null, notServed: 1 },
    ],
    65,
  );
  assert.equal(cellFigure(unserved), 'n=30 65 req/s, n=1 not served');
});
