import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cpuNow } from './helpers/cpu-evidence.js';

import { LineClient } from './helpers/line-client.js';
import { startServer, type TestServer } from './helpers/server-process.js';
import { waitUntil } from './helpers/wait-until.js';

// One libuv thread and n = 60 (hours of work): a second client is served only if the first
// client's running and queued requests stopped when its connection closed. Without cancellation the second
// client waits for hours and the test fails at its bound.
const servers: TestServer[] = [];
after(() => Promise.all(servers.map((server) => server.stop())));

async function untilBusy(server: TestServer): Promise<void> {
  const baseline = cpuNow(server.pid);
  const busy = await waitUntil(() => cpuNow(server.pid) >= baseline + 50, 20_000, 10);
  assert.ok(busy, 'the server never started computing fib(60)');
}

for (const [label, args] of [
  ['native-async', []],
  ['native-async --inline-below 20', ['--inline-below', '20']],
] as const) {
  test(`${label}: a closed connection's running and queued work stops; the one pool thread serves the next client`, {
    timeout: 60_000,
  }, async () => {
    const server = await startServer('native-async', ['--uv-threadpool-size', '1', '--max-n', '60', ...args]);
    servers.push(server);

    const leaving = await LineClient.connect(server.port);
    leaving.send('60\n60\n60\n'); // one running on the only pool thread, two queued behind it
    await untilBusy(server);
    // A reset, as when a client process dies with unread data. (A FIN alone is a half-close:
    // the protocol still answers a client that stopped sending, so that work runs on.)
    leaving.socket.resetAndDestroy();
    await leaving.closed;

    const next = await LineClient.connect(server.port);
    assert.equal(await next.ask('25\n'), '75025');
    next.socket.destroy();
  });
}
