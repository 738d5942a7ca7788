// Issue 11, item 5: process-pool answers every request after its children die (workerpool lost
// the dispatch of a child that died: its queued tasks were never run).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fibUnchecked } from '../../ts/fib.js';
import { cpuNow, untilIdle } from '../helpers/cpu-evidence.js';
import { LineClient } from '../helpers/line-client.js';
import { waitUntil } from '../helpers/wait-until.js';
import { jsNFor } from '../helpers/work-size.js';
import { descendants, startGroupServer, within } from './helpers.js';

const CRASH_N = 33;

test('process-pool: 60 pipelined requests with 3 crashing ones: all 60 answered, only the 3 with EINTERNAL', async (t) => {
  const server = await startGroupServer('process-pool', ['--workers', '2'], {
    FIBLAB_TEST_CRASH_N: String(CRASH_N),
  });
  t.after(() => server.stop());
  const client = await LineClient.connect(server.port);
  const ns = Array.from({ length: 60 }, (_, i) => (i % 20 === 5 ? CRASH_N : 25));
  client.send(ns.map((n) => `${n}\n`).join(''));
  const replies = await within(client.take(60), 30_000, 'timed out' as const);
  assert.notEqual(replies, 'timed out', 'all 60 requests answered within 30 s');
  const got = replies as Array<string | undefined>;
  ns.forEach((n, i) => {
    if (n === CRASH_N) assert.match(got[i] ?? '<closed>', /^ERR EINTERNAL /, `reply ${i}`);
    else assert.equal(got[i], String(fibUnchecked(n)), `reply ${i}`);
  });
  await client.close();
});

test('process-pool: children killed three times while computing under a pipelined load: every request answered', async (t) => {
  // Each request keeps a child busy for ≥ 20 ms (measured here): 60 of them outlast three kills.
  const n = jsNFor(20);
  const server = await startGroupServer('process-pool', ['--workers', '2']);
  t.after(() => server.stop());
  const client = await LineClient.connect(server.port);
  assert.equal(await client.ask('1\n'), '1');
  await untilIdle(server.pid); // both children started: later CPU growth is requests
  client.send(`${n}\n`.repeat(60));
  const replies: Array<string | undefined> = [];
  const taking = (async () => {
    for (let i = 0; i < 60; i++) replies.push(await client.next());
  })();
  let survivors = descendants(server.pid);
  assert.equal(survivors.length, 2, 'two children');
  for (let kill = 0; kill < 3; kill++) {
    // The victim is a child that was there before the last kill (past its start-up), seen
    // computing (CPU-time evidence) while replies are still owed: it dies mid-request.
    const victim = survivors[0] as number;
    const baseline = cpuNow(victim);
    const busy = await waitUntil(() => cpuNow(victim) >= baseline + 10, 10_000, 2);
    assert.ok(busy, `kill ${kill + 1}: child ${victim} never computed (replies so far: ${replies.length})`);
    assert.ok(replies.length < 60, `kill ${kill + 1}: every reply was in before the kill`);
    // The children before the kill: a replacement forked before a later reading would hide in it
    // (a slow reading, as `ps` under FIBLAB_PLATFORM=portable, made that happen).
    const before = descendants(server.pid);
    process.kill(victim, 'SIGKILL');
    // A replacement is forked before the next kill.
    const forked = await waitUntil(
      () => descendants(server.pid).filter((pid) => pid !== victim && !before.includes(pid)).length > 0,
      10_000,
    );
    assert.ok(forked, `kill ${kill + 1}: no replacement for child ${victim} within 10 s`);
    survivors = before.filter((pid) => pid !== victim);
  }
  assert.notEqual(
    await within(taking, 30_000, 'timed out' as const),
    'timed out',
    'all 60 answered within 30 s',
  );
  const errors = replies.filter((r) => r !== String(fibUnchecked(n)));
  t.diagnostic(`${errors.length} of 60 failed: ${JSON.stringify(errors)}`);
  assert.ok(errors.length <= 3, `only requests on a killed child fail: ${JSON.stringify(errors)}`);
  assert.ok(errors.length >= 1, 'no kill landed mid-request: nothing was tested');
  for (const e of errors) assert.match(e ?? '<closed>', /^ERR EINTERNAL /);
  await client.close();
});
