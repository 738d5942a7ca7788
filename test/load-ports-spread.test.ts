import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runLoad } from '../dist/load/index.js';
import { startLineServer } from './fixtures/line-server.js';

// Two independent servers on two ports: the shape of the "many" variant.
const a = await startLineServer();
const b = await startLineServer();
after(() => Promise.all([a.close(), b.close()]));

test('--ports assigns clients round-robin across the ports', async () => {
  const report = await runLoad({
    groups: [{ n: 1, clients: 4 }],
    ports: [a.port, b.port],
    warmupS: 0.1,
    durationS: 0.3,
  });
  assert.equal(a.connections, 2);
  assert.equal(b.connections, 2);
  const group = report.groups[0];
  assert.deepEqual(group?.ports, [a.port, b.port]);
  assert.deepEqual(
    group?.clientReports.map((c) => c.port),
    [a.port, b.port, a.port, b.port],
  );
  assert.equal(group?.notServed, 0);
  assert.deepEqual(report.target.ports, [a.port, b.port]);
});
