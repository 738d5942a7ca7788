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
  const client = report.groups[0]?.clientReports[0];
  assert.ok(client?.state === 'connected');
  // Proof that a split happened: every read holds at least one byte, so if no reply had been
  // split, each reply would lie within one read and there could be no more reads than replies.
  assert.ok(
    client.reads > server.answered,
    `${client.reads} reads for ${server.answered} replies: no reply was split`,
  );
  assert.ok(report.total.requests > 0);
  assert.equal(report.total.wrongAnswers, 0);
  assert.equal(report.total.errors, 0);
});
