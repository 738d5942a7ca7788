/**
 * The answer (cluster × native-pool, --inline-below auto, a fair queue per worker) as a user
 * starts it — `fiblab serve --variant answer` and its flags on the command line — over real
 * sockets: a newcomer is served fairly, a client that leaves stops its running and its queued
 * work, and --max-pending bounds what one connection makes the server read.
 * (Its --shutdown-timeout cut-off is in server-shutdown.test.ts; a client that never reads
 * its replies in server-backpressure.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ChildServer, startChildServer, stopChildServer } from '../ts/launch/child-server.js';
import { descendants } from '../ts/launch/process-tree.js';
import { fibReference } from '../ts/reference.js';
import { untilBusy, untilIdle } from './helpers/cpu-evidence.js';
import { LineClient } from './helpers/line-client.js';
import { killAll } from './helpers/server-exit.js';
import { CLI } from './helpers/server-process.js';
import { ONE_READ_BYTES, untilStalled, writeAll } from './helpers/stalled-reader.js';
import { tcpSockets } from './helpers/tcp-queues.js';
import { nativeNFor } from './helpers/work-size.js';

const FIB = (n: number) => String(fibReference(n));
// Native fib(60) takes hours: a call of it that stops was stopped.
const FOREVER_N = 60;

interface Answer {
  port: number;
  pid: number;
  extra: Record<string, string>;
  child: ChildServer;
}

/** `fiblab serve --variant answer --port 0 <flags>`, stopped (and whatever it left, killed) after the test. */
async function answer(
  t: { after(fn: () => unknown): void },
  flags: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Answer> {
  const child = await startChildServer(
    process.execPath,
    [CLI, 'serve', '--variant', 'answer', '--port', '0', ...flags],
    {
      env: { ...process.env, ...env },
      timeoutMs: 30_000,
    },
  );
  const pid = child.child.pid as number;
  const family = () => [pid, ...descendants(pid)];
  const started = family();
  t.after(async () => {
    await stopChildServer(child, 10_000);
    killAll([...started, ...family()]);
  });
  return { port: child.readiness.port, pid, extra: child.readiness.extra, child };
}

/** The largest of a fact the workers may each report (comma-separated when they differ). */
const largest = (value: string | undefined) => Math.max(...(value ?? '').split(',').map(Number));

describe('answer over real sockets', { concurrency: 2 }, () => {
  test("fairness: a newcomer's offloaded request waits for the running tasks and one round, not for 48 queued", async (t) => {
    const server = await answer(t, []);
    // The smallest n every worker offloads to its pool (the newcomer is not alone there).
    const small = largest(server.extra.inlineBelow);
    assert.ok(small <= 40, `the answer offloads some n ≤ 40 (inlineBelow=${server.extra.inlineBelow})`);
    const heavyN = Math.max(small + 5, nativeNFor(30));
    const capacity = Number(server.extra.workers) * largest(server.extra.threads);
    const heavy = await Promise.all(Array.from({ length: 8 }, () => LineClient.connect(server.port)));
    for (const client of heavy) assert.equal(await client.ask('1\n'), '1');
    const baseline = await untilIdle(server.pid);
    let heavyAnswered = 0;
    const done = heavy.map(async (client) => {
      client.send(`${heavyN}\n`.repeat(6));
      for (let i = 0; i < 6; i++) if ((await client.next()) === FIB(heavyN)) heavyAnswered++;
    });
    await untilBusy(server.pid, baseline, `48 × fib(${heavyN})`);
    const newcomer = await LineClient.connect(server.port);
    assert.equal(await newcomer.ask(`${small}\n`), FIB(small));
    const answeredBefore = heavyAnswered;
    await Promise.all(done);
    assert.equal(heavyAnswered, 48);
    t.diagnostic(
      `fib(${small}) after ${answeredBefore} of 48 × fib(${heavyN}); ${capacity} pool threads in all`,
    );
    // Fair: the tasks running when it came, and a round of the other lanes, on each worker.
    assert.ok(answeredBefore <= 2 * capacity + 8, `${answeredBefore} heavy replies came first`);
    await Promise.all([...heavy, newcomer].map((c) => c.close()));
  });

  test('a client that leaves stops its running call and its queued one: no CPU after, the pool serves others', async (t) => {
    // One worker with one pool thread: the first fib(60) runs on it, the second is queued.
    const server = await answer(t, ['--workers', '1', '--max-n', String(FOREVER_N)]);
    const client = await LineClient.connect(server.port);
    assert.equal(await client.ask('1\n'), '1');
    const baseline = await untilIdle(server.pid);
    client.send(`${FOREVER_N}\n${FOREVER_N}\n`);
    await untilBusy(server.pid, baseline, `fib(${FOREVER_N})`);
    // A reset, as when a client process dies (a FIN alone is a half-close: the protocol still
    // answers a client that stopped sending, so its work runs on).
    client.socket.resetAndDestroy();
    // Either call still computing would keep the CPU time growing for hours (1 s of quiet: a
    // thread on a crowded machine may wait a few hundred ms for a core).
    await untilIdle(server.pid, 1000);
    const next = await LineClient.connect(server.port);
    assert.equal(await next.ask('30\n'), FIB(30), 'the only pool thread is free again');
    await next.close();
  });

  test('--max-pending 4 on the command line: a pipelining client makes it read 4 requests ahead (not 64); then every reply, in order', {
    skip: tcpSockets() === undefined ? 'needs /proc/net/tcp (Linux)' : false,
  }, async (t) => {
    // 4000-byte lines (zero-padded): 4 pending are 16 KB parsed, and the server reads 128 KB
    // (two reads) before it pauses; the default 64 would be 256 KB parsed (~360 KB read, seen),
    // past what the reads of a paused socket take in (ONE_READ_BYTES).
    const LINE = 4000;
    const head = nativeNFor(2500, 45);
    const server = await answer(t, [
      '--max-pending',
      '4',
      '--max-n',
      '45',
      '--max-line-bytes',
      String(LINE + 1),
    ]);
    const client = await LineClient.connect(server.port);
    assert.equal(await client.ask('1\n'), '1');
    const ns = [head, ...Array.from({ length: 150 }, (_, i) => i % 25)];
    const payload = Buffer.from(ns.map((n) => `${String(n).padStart(LINE, '0')}\n`).join(''));
    const baseline = await untilIdle(server.pid);
    await writeAll(client, payload);
    await untilBusy(server.pid, baseline, `fib(${head})`);
    const seen = await untilStalled(server, client, payload.length, { cpuToo: false });
    t.diagnostic(`read ${seen.consumed} of ${payload.length} bytes while fib(${head}) computed`);
    assert.equal(seen.replyBytes, 0, `fib(${head}) ended before the server was seen stalled`);
    assert.ok(seen.unread > 0, `no request bytes left unread: ${JSON.stringify(seen)}`);
    assert.ok(seen.consumed <= ONE_READ_BYTES, `read ${seen.consumed} bytes with 4 requests pending`);
    assert.deepEqual(await client.take(ns.length), ns.map(FIB));
    await client.close();
  });
});
