// Issue 11 target: connect–RST cycles leave the server's fds and memory where they started.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { LineClient } from '../helpers/line-client.js';
import { waitUntil } from '../helpers/wait-until.js';
import { openFds, rssMiB, startGroupServer } from './helpers.js';

function connectAndReset(port: number, send: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => {
      if (send !== '') socket.write(send);
      socket.resetAndDestroy();
    });
    socket.on('error', () => {});
    socket.once('close', () => resolve());
  });
}

for (const variant of ['event-loop', 'process-pool']) {
  test(`${variant}: 2,000 connect–RST cycles leave fds where they started and RSS within 32 MiB`, async (t) => {
    const server = await startGroupServer(variant, ['--workers', '1']);
    t.after(() => server.stop());
    const warm = await LineClient.connect(server.port);
    assert.equal(await warm.ask('20\n'), '6765');
    await warm.close();
    const fds = openFds(server.pid);
    const rss = rssMiB(server.pid);
    for (let i = 0; i < 2000; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, j) => connectAndReset(server.port, (i + j) % 2 === 0 ? '25\n' : '')),
      );
    }
    assert.ok(
      await waitUntil(() => openFds(server.pid) <= fds, 10_000),
      `fds ${fds} → ${openFds(server.pid)}`,
    );
    const after = rssMiB(server.pid);
    t.diagnostic(`RSS ${rss.toFixed(0)} → ${after.toFixed(0)} MiB`);
    assert.ok(after - rss <= 32, `RSS grew ${(after - rss).toFixed(0)} MiB`);
    const check = await LineClient.connect(server.port);
    assert.equal(await check.ask('20\n'), '6765', 'still serving');
    await check.close();
  });
}
