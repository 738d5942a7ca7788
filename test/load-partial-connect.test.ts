import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runLoad } from '../dist/load/index.js';
import { closedPort, startLineServer } from './fixtures/line-server.js';

const server = await startLineServer();
after(() => server.close());

test('clients that cannot connect are counted and reported while the others are measured', async () => {
  const dead = await closedPort();
  const report = await runLoad({
    groups: [{ n: 1, clients: 4 }],
    ports: [server.port, dead],
    warmupS: 0.1,
    durationS: 0.3,
  });
  const group = report.groups[0];
  assert.ok(group !== undefined);
  assert.deepEqual(group.connectionFailures, { connect: 2, lost: 0 });
  const failed = group.clientReports.filter((c) => c.state === 'connect-failed');
  assert.deepEqual(
    failed.map((c) => [c.port, c.state === 'connect-failed' && c.error]),
    [
      [dead, 'ECONNREFUSED'],
      [dead, 'ECONNREFUSED'],
    ],
  );
  assert.ok(group.requests > 0, 'the connected clients were measured');
  assert.equal(group.notServed, 0, 'a client that never connected is a connection failure, not "not served"');
  assert.ok(report.warnings.some((w) => w.code === 'connection-failures'));
});
