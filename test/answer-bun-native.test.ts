/**
 * The answer on Bun serves its connections on Bun's native TCP socket (ts/server/bun-native-socket.ts),
 * and what that socket rebuilt by hand holds: the readiness line names the socket, replies that
 * do not drain stop the reading and then all come back in order (the bytes the kernel did not
 * take are kept and written on 'drain'), the idle timeout closes an idle connection and only it,
 * and a refused client gets its ERR EBUSY before the close. The behavioural suite (answer on bun,
 * test/slow/runtimes-server-matrix.test.ts) covers the protocol, limits and shutdown.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findRuntime, type Runtime } from '../ts/runtimes/registry.js';
import { LineClient } from './helpers/line-client.js';
import { skipUnlessRuntime } from './helpers/needs-tool.js';
import { startServer } from './helpers/server-process.js';
import { resumeAndExpectEveryReply, untilStalled, writeAll } from './helpers/stalled-reader.js';
import { tcpSockets } from './helpers/tcp-queues.js';

const bun = findRuntime('bun') as Runtime;
const skip = skipUnlessRuntime(bun) || (tcpSockets() === undefined ? 'needs /proc/net/tcp (Linux)' : false);
const onBun = { runtime: bun };

describe('the answer on Bun: connections on the native socket', { skip, concurrency: 2 }, () => {
  test('the readiness line says the workers serve on bun-native sockets', async (t) => {
    const server = await startServer('answer', [], {}, onBun);
    t.after(() => server.stop());
    assert.equal(server.server.readiness.extra.sockets, 'bun-native');
    const client = await LineClient.connect(server.port);
    assert.equal(await client.ask('30\n'), '832040');
    await client.close();
  });

  // As server-backpressure.test.ts does for the answer on Node: blank lines each get a 51-byte
  // ERR reply, so 256 KiB of them are ~13 MiB of replies, more than the loopback buffers hold.
  test('replies that do not drain stop the reading; then every reply comes, in order', async (t) => {
    const server = await startServer('answer', ['--max-pending', '4'], {}, onBun);
    t.after(() => server.stop());
    const client = await LineClient.connect(server.port);
    assert.equal(await client.ask('1\n'), '1');
    const lines = Array.from({ length: 256 * 1024 }, (_, i) => (i % 1000 === 999 ? '20\n' : '\n'));
    const payload = Buffer.from(lines.join(''));
    client.socket.pause();
    await writeAll(client, payload);
    const seen = await untilStalled(server, client, payload.length, { cpuToo: true });
    assert.ok(seen.unread > 0, `no request bytes left unread: ${JSON.stringify(seen)}`);
    await resumeAndExpectEveryReply(client, lines);
    await client.close();
  });

  test('--idle-timeout closes an idle connection, not one that keeps asking', async (t) => {
    // 1 s, not less: a busy client's 100 ms pause must not look idle to a machine that stalls for
    // a few hundred ms (once, under a full suite beside it, 400 ms was not enough).
    const server = await startServer('answer', ['--idle-timeout', '1s'], {}, onBun);
    t.after(() => server.stop());
    const idle = await LineClient.connect(server.port);
    const busy = await LineClient.connect(server.port);
    assert.equal(await idle.ask('1\n'), '1');
    const since = performance.now();
    // The busy client asks every 100 ms for twice the timeout: it must stay open throughout.
    for (let i = 0; i < 20; i++) {
      assert.equal(await busy.ask('10\n'), '55');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await idle.closedWithin('the idle connection was not closed', 5_000);
    const waited = performance.now() - since;
    assert.ok(waited >= 950, `closed after ${waited.toFixed(0)} ms, before the timeout`);
    assert.equal(await busy.ask('2\n'), '1', 'the busy connection is still served');
    await busy.close();
  });

  test('past --max-connections a client gets ERR EBUSY, then the close', async (t) => {
    // One connection per worker: with two workers the third client is refused by one of them.
    const server = await startServer('answer', ['--workers', '2', '--max-connections', '1'], {}, onBun);
    t.after(() => server.stop());
    const held = [await LineClient.connect(server.port), await LineClient.connect(server.port)];
    for (const client of held) assert.equal(await client.ask('1\n'), '1');
    const refused = await LineClient.connect(server.port);
    assert.equal(await refused.next(), 'ERR EBUSY too many connections');
    await refused.closedWithin('the refused client was not closed', 5_000);
    for (const client of held) await client.close();
  });
});
