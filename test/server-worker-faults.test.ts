import assert from 'node:assert/strict';
import { test } from 'node:test';
import { killWorkerThenServe } from './helpers/cluster-refork.js';
import { LineClient } from './helpers/line-client.js';
import { startServer } from './helpers/server-process.js';

// FIBLAB_TEST_CRASH_N makes the worker asked for that n exit mid-request (ts/compute/fault-injection.ts).
const CRASH = { FIBLAB_TEST_CRASH_N: '33' };

for (const variant of ['pool', 'worker-per-connection', 'process-pool']) {
  test(`${variant}: a worker that dies mid-request → ERR EINTERNAL, then the pool recovers`, async (t) => {
    const server = await startServer(variant, ['--workers', '2'], CRASH);
    t.after(() => server.stop());
    const bystander = await LineClient.connect(server.port);
    const client = await LineClient.connect(server.port);
    for (let round = 0; round < 2; round++) {
      assert.equal(await client.ask('33\n'), 'ERR EINTERNAL worker died');
      assert.equal(await client.ask('30\n'), '832040', 'the same connection is served after the crash');
      assert.equal(await bystander.ask('25\n'), '75025', 'other connections are unaffected');
    }
    await Promise.all([client.close(), bystander.close()]);
  });
}

test('cluster: a killed worker is re-forked and clients keep being served', async (t) => {
  const server = await startServer('cluster', ['--workers', '2']);
  t.after(() => server.stop());
  await killWorkerThenServe(server, async () => {
    const client = await LineClient.connect(server.port);
    const reply = await client.ask('20\n');
    await client.close();
    return reply;
  });
});
