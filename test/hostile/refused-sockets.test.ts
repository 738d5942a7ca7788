// Issue 11, item 1: a refused socket is closed by the server once its ERR EBUSY is written,
// whatever the client does; file descriptors stay bounded and shutdown never waits on them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineClient } from '../helpers/line-client.js';
import { waitUntil } from '../helpers/wait-until.js';
import { collect, connect, openFds, startGroupServer, within } from './helpers.js';

const MAX = 8;
const REFUSED = 200;

test('refused clients that keep their side open are closed by the server; fds stay ≤ max + a constant; SIGTERM does not wait for them', async (t) => {
  const server = await startGroupServer('event-loop', [
    '--max-connections',
    String(MAX),
    '--shutdown-timeout',
    '1s',
  ]);
  t.after(() => server.stop());
  const live = await Promise.all(Array.from({ length: MAX }, () => LineClient.connect(server.port)));
  for (const client of live) assert.equal(await client.ask('1\n'), '1');
  const baseline = openFds(server.pid);

  const refused = await Promise.all(
    Array.from({ length: REFUSED }, async () => collect(await connect(server.port, true))),
  );
  assert.ok(
    await waitUntil(() => refused.every((r) => r.text().startsWith('ERR EBUSY ')), 20_000),
    'every refused client got ERR EBUSY',
  );
  // The clients keep their side open (a FIN from the server does not close them): only the
  // server closing its sockets brings its fds back.
  const bounded = await waitUntil(() => openFds(server.pid) <= baseline + 16, 10_000);
  assert.ok(bounded, `server fds ${openFds(server.pid)} with ${MAX} live connections (baseline ${baseline})`);
  assert.ok(
    refused.every((r) => !r.isClosed()),
    'the clients did keep their side open',
  );

  // Refused clients that never close must not hold up a shutdown either.
  const more = await Promise.all(
    Array.from({ length: 20 }, async () => collect(await connect(server.port, true))),
  );
  await waitUntil(() => more.every((r) => r.text() !== ''), 10_000);
  const sent = performance.now();
  process.kill(server.pid, 'SIGTERM');
  const exit = await within(server.exited, 10_000, undefined);
  assert.ok(exit !== undefined, 'the server exited within 10 s of SIGTERM');
  assert.equal(exit.code, 0);
  t.diagnostic(`exit ${Math.round(exit.at - sent)} ms after SIGTERM (shutdown timeout 1 s)`);
});
