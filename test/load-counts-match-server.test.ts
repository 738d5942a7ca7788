import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runLoad } from '../dist/load/index.js';
import { startLineServer } from './fixtures/line-server.js';

const server = await startLineServer();
after(() => server.close());

test('the requests counted are the replies the server wrote, less at most one in flight per client', async () => {
  // No warm-up: every reply the server writes falls in the window, or answers a request still in flight at its end.
  const report = await runLoad({
    groups: [{ n: 1, clients: 2 }],
    ports: [server.port],
    warmupS: 0,
    durationS: 0.5,
    graceS: 0.5,
  });
  const { total } = report;
  assert.ok(total.requests > 0, 'some requests were measured');
  assert.ok(
    server.answered >= total.requests,
    `server answered ${server.answered} < counted ${total.requests}`,
  );
  assert.ok(
    server.answered <= total.requests + total.unfinished,
    `server answered ${server.answered} > counted ${total.requests} + unfinished ${total.unfinished}`,
  );
  assert.equal(server.connections, 2);

  const replies = report.groups[0]?.clientReports.map((c) => (c.state === 'connected' ? c.replies : -1));
  assert.equal(
    replies?.reduce((a, b) => a + b, 0),
    total.requests,
    'per-client replies add up to the total',
  );
  assert.equal(total.latencyUs?.samples, total.requests, 'one latency sample per counted request');
  assert.equal(total.reqPerSec, total.requests / 0.5);
  assert.equal(total.wrongAnswers, 0);
  assert.equal(total.errors, 0);
  assert.equal(total.notServed, 0);
});
