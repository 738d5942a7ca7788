// Issue 11, item 5: process-pool answers every request after its children die (workerpool lost
// the dispatch of a child that died: its queued tasks were never run).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fibUnchecked } from '../../ts/fib.js';
import { LineClient } from '../helpers/line-client.js';
import { waitUntil } from '../helpers/wait-until.js';
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

test('process-pool: children killed three times under a pipelined load: every request answered', async (t) => {
  const server = await startGroupServer('process-pool', ['--workers', '2']);
  t.after(() => server.stop());
  const client = await LineClient.connect(server.port);
  client.send('30\n'.repeat(60));
  const taking = client.take(60);
  for (let kill = 0; kill < 3; kill++) {
    const children = descendants(server.pid);
    process.kill(children[0] as number, 'SIGKILL');
    // A replacement is forked before the next kill.
    await waitUntil(
      () => descendants(server.pid).filter((pid) => !children.includes(pid)).length > 0,
      10_000,
    );
  }
  const replies = await within(taking, 30_000, 'timed out' as const);
  assert.notEqual(replies, 'timed out', 'all 60 requests answered within 30 s');
  const got = replies as Array<string | undefined>;
  const errors = got.filter((r) => r !== String(fibUnchecked(30)));
  assert.ok(errors.length <= 3, `only requests on a killed child fail: ${JSON.stringify(errors)}`);
  for (const e of errors) assert.match(e ?? '<closed>', /^ERR EINTERNAL /);
  await client.close();
});
