// Issue 11, item 7: a fair queue in front of each shared pool. A newcomer waits for a running
// task to end, not for every task queued before it; work of a closed connection is dropped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { LineClient } from '../helpers/line-client.js';
import { waitUntil } from '../helpers/wait-until.js';
import { connect, cpuNow, startGroupServer } from './helpers.js';

const CASES = [
  // n is chosen so one task is tens of milliseconds on each (Rust is ~3× faster than JS).
  { variant: 'native-async', args: ['--uv-threadpool-size', '2'], n: 36, capacity: 2 },
  { variant: 'pool', args: ['--workers', '2'], n: 32, capacity: 2 },
  { variant: 'process-pool', args: ['--workers', '2'], n: 32, capacity: 2 },
];

for (const { variant, args, n, capacity } of CASES) {
  test(`${variant}: a newcomer's fib(3) waits for running tasks, not for 48 queued heavy ones`, async (t) => {
    const server = await startGroupServer(variant, args);
    t.after(() => server.stop());
    const heavy = await Promise.all(Array.from({ length: 8 }, () => LineClient.connect(server.port)));
    let heavyAnswered = 0;
    const before = cpuNow(server.pid);
    const done = heavy.map(async (client) => {
      client.send(`${n}\n`.repeat(6));
      for (let i = 0; i < 6; i++) if ((await client.next()) !== undefined) heavyAnswered++;
    });
    assert.ok(await waitUntil(() => cpuNow(server.pid) - before >= 20, 20_000));
    const newcomer = await LineClient.connect(server.port);
    assert.equal(await newcomer.ask('3\n'), '2');
    const answeredBefore = heavyAnswered;
    await Promise.all(done);
    t.diagnostic(`heavy replies before the newcomer's: ${answeredBefore} of 48`);
    // Fair: the tasks running when it came (≤ capacity) and a round of the others at most.
    assert.ok(answeredBefore <= 2 * capacity + 8, `${answeredBefore} heavy replies came first`);
    await Promise.all([...heavy, newcomer].map((c) => c.close()));
  });
}

for (const { variant, args, n, capacity } of CASES.filter((c) => c.variant !== 'pool')) {
  test(`${variant}: work of a closed connection that has not started is dropped`, async (t) => {
    const server = await startGroupServer(variant, args);
    t.after(() => server.stop());
    // The CPU cost of one task, measured on this server.
    const probe = await LineClient.connect(server.port);
    const a = cpuNow(server.pid);
    for (let i = 0; i < 4; i++) await probe.ask(`${n}\n`);
    const one = (cpuNow(server.pid) - a) / 4;
    await probe.close();
    const socket = await connect(server.port);
    const start = cpuNow(server.pid);
    socket.write(`${n}\n`.repeat(60));
    await new Promise((resolve) => socket.once('data', resolve));
    socket.destroy();
    // Quiet: the server does no more work (its CPU time stops growing).
    let last = -1;
    for (let i = 0; i < 200; i++) {
      const now = cpuNow(server.pid);
      if (now === last) break;
      last = now;
      await delay(250);
    }
    const spent = last - start;
    t.diagnostic(
      `one task ≈ ${one.toFixed(0)} ms CPU; after the close: ${spent} ms (${(spent / one).toFixed(1)} tasks)`,
    );
    assert.ok(spent <= (capacity + 6) * one * 1.5 + 100, `${(spent / one).toFixed(1)} of 60 tasks ran`);
  });
}
