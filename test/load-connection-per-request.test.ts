/** The load generator's churn mode: every request on a new connection, counted by a real server. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runLoad } from '../dist/load/index.js';
import { startLineServer } from './fixtures/line-server.js';

const server = await startLineServer();
after(() => server.close());

test('connectionPerRequest opens one connection per request, and every reply is still checked', async () => {
  const connectionsBefore = server.connections;
  const answeredBefore = server.answered;
  const report = await runLoad({
    groups: [{ n: 20, clients: 2 }],
    ports: [server.port],
    warmupS: 0,
    durationS: 0.5,
    graceS: 1,
    connectionPerRequest: true,
  });
  const connections = server.connections - connectionsBefore;
  const answered = server.answered - answeredBefore;
  assert.ok(report.total.requests > 10, `some requests were measured (${report.total.requests})`);
  assert.equal(report.total.wrongAnswers, 0);
  assert.equal(report.total.connectionFailures.lost, 0, 'closing our own connection is not losing it');
  // Each connection carries one request: as many connections as answers, give or take a
  // connection per client opened at the very end whose request was not answered yet.
  assert.ok(connections >= answered, `${connections} connections for ${answered} answers`);
  assert.ok(connections <= answered + 2, `${connections} connections for ${answered} answers`);
});

test('without it, each client keeps its one connection for every request', async () => {
  const connectionsBefore = server.connections;
  const answeredBefore = server.answered;
  const report = await runLoad({
    groups: [{ n: 20, clients: 2 }],
    ports: [server.port],
    warmupS: 0,
    durationS: 0.3,
    graceS: 1,
  });
  assert.equal(server.connections - connectionsBefore, 2);
  assert.ok(server.answered - answeredBefore > 10);
  assert.ok(report.total.requests > 10);
});
