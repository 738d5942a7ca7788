/**
 * On Node a server process reads all its TCP connections into one shared buffer
 * (ts/server/shared-read-socket.ts): a cluster worker the handles its primary sends, a single
 * process the ones its listener accepts. What a connection still holds unparsed when the next
 * read lands must have been copied out of it. Two clients of one process each pipeline hundreds
 * of requests in one write, with at most 4 replies owed and every request offloaded (so each
 * stops parsing mid-read and holds the rest across turns): each gets its own answers, in order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startChildServer, stopChildServer } from '../ts/launch/child-server.js';
import { descendants } from '../ts/launch/process-tree.js';
import { fibReference } from '../ts/reference.js';
import { LineClient } from './helpers/line-client.js';
import { killAll } from './helpers/server-exit.js';
import { CLI } from './helpers/server-process.js';

const REQUESTS = 600;

// A cluster (one worker) and a single process, each with a one-thread pool that every request goes to.
for (const variant of ['answer', 'single+native-pool']) {
  test(`${variant} on Node: bytes held past --max-pending survive the reads of other connections of the same process`, async (t) => {
    const child = await startChildServer(
      process.execPath,
      [
        CLI,
        'serve',
        '--variant',
        variant,
        '--port',
        '0',
        '--workers',
        '1',
        '--max-pending',
        '4',
        '--inline-below',
        '0',
      ],
      { timeoutMs: 30_000 },
    );
    const pid = child.child.pid as number;
    const started = [pid, ...descendants(pid)];
    t.after(async () => {
      await stopChildServer(child, 10_000);
      killAll([...started, ...descendants(pid)]);
    });
    // Different request streams, so that one client's bytes in the other's place give wrong answers.
    // Small n (≤ 30): what is held comes from the cap of 4 owed replies, not from how long each takes.
    const streams = [(i: number) => i % 30, (i: number) => (i * 7 + 3) % 31];
    const clients = await Promise.all(streams.map(() => LineClient.connect(child.readiness.port)));
    const answered = clients.map(async (client, c) => {
      const ns = Array.from({ length: REQUESTS }, (_, i) => (streams[c] as (i: number) => number)(i));
      client.send(ns.map((n) => `${n}\n`).join(''));
      const replies = await client.take(REQUESTS);
      const wrong = replies.findIndex((reply, i) => reply !== String(fibReference(ns[i] as number)));
      assert.equal(wrong, -1, `client ${c}: reply ${wrong} is ${replies[wrong]}, not fib(${ns[wrong]})`);
    });
    await Promise.all(answered);
    await Promise.all(clients.map((client) => client.close()));
  });
}
