/**
 * Back-pressure at the socket, against real servers: a client pipelines far more than
 * `--max-pending` and reads nothing. The kernel's socket table (/proc/net/tcp) shows what the
 * server read: the rest of the client's bytes wait unread in the server's receive queue, its
 * memory stays flat; once the client reads, every reply comes back, in order, exact.
 *
 * The cap counts requests answered off the event loop. A result computed on the spot and an
 * ERR reply do not count today (issue 11), so for inline variants what stops the reading is
 * the README's other promise: replies that do not drain. Each group is tested for what holds.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { treePeakRssMiB } from '../ts/launch/process-tree.js';
import { untilBusy, untilIdle } from './helpers/cpu-evidence.js';
import { LineClient } from './helpers/line-client.js';
import { startServer } from './helpers/server-process.js';
import {
  ONE_READ_BYTES,
  resumeAndExpectEveryReply,
  untilStalled,
  writeAll,
} from './helpers/stalled-reader.js';
import { tcpSockets } from './helpers/tcp-queues.js';
import { jsNFor, nativeNFor } from './helpers/work-size.js';

const skip = tcpSockets() === undefined ? 'needs /proc/net/tcp (Linux)' : false;
const MAX_PENDING = 4;
const FIB = (n: number): string => {
  let [a, b] = [0n, 1n];
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return String(a);
};
// Two at a time: each waits on its own server's queues, whatever the other one does.
describe('back-pressure: a client that pipelines far more than --max-pending and reads nothing', {
  skip,
  concurrency: 2,
}, () => {
  // Offloaded results count toward the cap: while the first request computes (≥ 1 s of CPU),
  // the server holds MAX_PENDING requests and reads no further. Requests are padded with
  // leading zeros to the 32-byte line limit: 24 000 requests are ~790 KB, cheap to answer.
  // Heads of ≥ 2 s of CPU, measured here (work-size.ts): they must outlast seeing the server
  // stall, on a fast machine too (a fixed fib(39) in JS ended first once, on a quiet CI machine).
  for (const variant of ['pool', 'native-async', 'worker-per-connection', 'process-pool']) {
    const headN = variant === 'native-async' ? nativeNFor(2000, 50) : jsNFor(2000, 50);
    test(`${variant} --max-pending ${MAX_PENDING}: it stops reading at the cap; then all replies, in order`, async (t) => {
      const server = await startServer(variant, [
        '--max-pending',
        String(MAX_PENDING),
        '--max-n',
        String(headN),
      ]);
      t.after(() => server.stop());
      const client = await LineClient.connect(server.port);
      assert.equal(await client.ask('1\n'), '1');
      const ns = [headN, ...Array.from({ length: 24_000 }, (_, i) => i % 25)];
      const payload = Buffer.from(ns.map((n) => `${String(n).padStart(32, '0')}\n`).join(''));
      const baseline = await untilIdle(server.pid);
      const rssBefore = treePeakRssMiB(server.pid) ?? 0;
      await writeAll(client, payload);
      await untilBusy(server.pid, baseline, `fib(${headN})`);
      const seen = await untilStalled(server, client, payload.length, { cpuToo: false });
      assert.equal(seen.replyBytes, 0, `fib(${headN}) ended before the server was seen stalled`);
      assert.ok(seen.unread > 0, `no request bytes left unread: ${JSON.stringify(seen)}`);
      assert.ok(
        seen.consumed <= ONE_READ_BYTES,
        `read ${seen.consumed} of ${payload.length} bytes with ${MAX_PENDING} requests pending`,
      );
      const rssGrowth = (treePeakRssMiB(server.pid) ?? 0) - rssBefore;
      t.diagnostic(`read ${seen.consumed} of ${payload.length} bytes; peak RSS +${rssGrowth.toFixed(1)} MiB`);
      assert.ok(rssGrowth < 32, `server memory grew by ${rssGrowth.toFixed(1)} MiB`);
      // Now read: every request is answered, in order, exactly.
      assert.deepEqual(await client.take(ns.length), ns.map(FIB));
      await client.close();
    });
  }

  // Inline variants compute on the spot: what stops the reading is replies that do not drain.
  // Blank lines each get a 51-byte ERR reply, so 1 MiB of them is ~51 MiB of replies; a value
  // every 1000 lines checks the order. A server that read it all would hold most of those
  // replies in memory; one that stops holds what its last reads produced (~25 MiB measured).
  for (const variant of ['event-loop', 'native-sync', 'cluster', 'answer']) {
    test(`${variant}: when its replies do not drain it stops reading; memory stays flat; then all replies`, async (t) => {
      const server = await startServer(variant, ['--max-pending', String(MAX_PENDING)]);
      t.after(() => server.stop());
      const client = await LineClient.connect(server.port);
      assert.equal(await client.ask('1\n'), '1');
      const lines = Array.from({ length: 1024 * 1024 }, (_, i) => (i % 1000 === 999 ? '20\n' : '\n'));
      const payload = Buffer.from(lines.join(''));
      await untilIdle(server.pid);
      const rssBefore = treePeakRssMiB(server.pid) ?? 0;
      // The client reads nothing from here on (past what its socket buffers when paused).
      client.socket.pause();
      await writeAll(client, payload);
      const seen = await untilStalled(server, client, payload.length, { cpuToo: true });
      assert.ok(seen.unread > 0, `no request bytes left unread: ${JSON.stringify(seen)}`);
      assert.ok(seen.consumed < payload.length / 2, `read ${seen.consumed} of ${payload.length} bytes`);
      const rssGrowth = (treePeakRssMiB(server.pid) ?? 0) - rssBefore;
      t.diagnostic(`read ${seen.consumed} of ${payload.length} bytes; peak RSS +${rssGrowth.toFixed(1)} MiB`);
      assert.ok(rssGrowth < 64, `server memory grew by ${rssGrowth.toFixed(1)} MiB`);
      await resumeAndExpectEveryReply(client, lines);
      await client.close();
    });
  }
});
