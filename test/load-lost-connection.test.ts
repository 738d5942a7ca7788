import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runLoad } from '../dist/load/index.js';
import { startLineServer } from './fixtures/line-server.js';

// The server hangs up on each connection after its 3rd reply.
const server = await startLineServer({ closeAfter: 3 });
after(() => server.close());

test('a connection the server closes is counted as lost and the run still ends normally', async () => {
  const report = await runLoad({
    groups: [{ n: 1, clients: 2 }],
    ports: [server.port],
    warmupS: 0,
    durationS: 1, // three loopback round trips fit in it many times over
  });
  const group = report.groups[0];
  assert.ok(group !== undefined);
  assert.deepEqual(group.connectionFailures, { connect: 0, lost: 2 });
  for (const c of group.clientReports) {
    assert.equal(c.state, 'connected');
    if (c.state === 'connected') {
      assert.equal(c.replies, 3);
      assert.notEqual(c.lost, null, 'it says why the connection ended');
    }
  }
  assert.ok(report.warnings.some((w) => w.code === 'connection-failures'));
});
