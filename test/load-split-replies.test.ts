import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runLoad } from '../dist/load/index.js';
import { startLineServer } from './fixtures/line-server.js';

// fib(30) = 832040: seven bytes, each written on its own, so the reply reaches the client in pieces.
const server = await startLineServer({ byteByByte: true });
after(() => server.close());

test('a reply split over many reads is reassembled and checked as one', async () => {
  const report = await runLoad({
    groups: [{ n: 30, clients: 1 }],
    ports: [server.port],
    warmupS: 0,
    durationS: 0.4,
  });
  assert.ok(report.total.requests > 0);
  assert.equal(report.total.wrongAnswers, 0);
  assert.equal(report.total.errors, 0);
});
