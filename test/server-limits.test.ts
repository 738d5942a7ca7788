import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineClient } from './helpers/line-client.js';
import { startServer } from './helpers/server-process.js';

test('--max-connections: one more connection gets ERR EBUSY and is closed; others are unaffected', async (t) => {
  const server = await startServer('event-loop', ['--max-connections', '2']);
  t.after(() => server.stop());
  const a = await LineClient.connect(server.port);
  const b = await LineClient.connect(server.port);
  assert.equal(await a.ask('10\n'), '55');
  const refused = await LineClient.connect(server.port);
  assert.equal(await refused.next(), 'ERR EBUSY too many connections');
  await refused.closed;
  assert.equal(await b.ask('10\n'), '55');
  await a.close();
  const c = await LineClient.connect(server.port);
  assert.equal(await c.ask('20\n'), '6765', 'a slot freed up is usable again');
  await Promise.all([b.close(), c.close()]);
});

test('--idle-timeout: an idle connection is closed, a busy one is answered first', async (t) => {
  const server = await startServer('pool', ['--idle-timeout', '0.05']);
  t.after(() => server.stop());
  const idle = await LineClient.connect(server.port);
  await idle.closed; // the server closes it; the test would time out otherwise
  const busy = await LineClient.connect(server.port);
  assert.equal(await busy.ask('32\n'), '2178309', 'fib(32) takes longer than the idle timeout');
  await busy.closed;
});

test('--max-n and --max-line-bytes are enforced with the limit in the message', async (t) => {
  const server = await startServer('event-loop', ['--max-n', '20', '--max-line-bytes', '4']);
  t.after(() => server.stop());
  const client = await LineClient.connect(server.port);
  assert.equal(await client.ask('20\n'), '6765');
  assert.equal(await client.ask('21\n'), 'ERR ERANGE n must be at most 20');
  assert.equal(await client.ask('0020\n'), '6765', 'leading zeros are fine within the line limit');
  assert.equal(await client.ask('00020\n'), 'ERR ETOOLONG line longer than 4 bytes');
  assert.equal(await client.ask('1\n'), '1');
  await client.close();
});

test('a client that half-closes after its requests still gets every reply', async (t) => {
  const server = await startServer('pool');
  t.after(() => server.stop());
  const client = await LineClient.connect(server.port);
  client.send('30\n1\n25');
  client.socket.end(); // the unterminated "25" is not a request
  assert.deepEqual(await client.take(3), ['832040', '1', undefined]);
});

test('--inline-below answers small n on the event loop and offloads only larger n', async (t) => {
  // The worker asked for fib(5) would die: with --inline-below 10 no worker is ever asked.
  const server = await startServer('pool', ['--inline-below', '10'], { FIBLAB_TEST_CRASH_N: '5' });
  t.after(() => server.stop());
  assert.equal(server.server.readiness.extra.inlineBelow, '10');
  const client = await LineClient.connect(server.port);
  assert.equal(await client.ask('5\n'), '5', 'computed inline');
  const crashing = await startServer('pool', ['--inline-below', '4'], { FIBLAB_TEST_CRASH_N: '5' });
  t.after(() => crashing.stop());
  const offloaded = await LineClient.connect(crashing.port);
  assert.match((await offloaded.ask('5\n')) ?? '<closed>', /^ERR EINTERNAL /, 'n = 5 ≥ 4 went to a worker');
  assert.equal(await offloaded.ask('3\n'), '2', 'n = 3 < 4 stayed inline');
  await Promise.all([client.close(), offloaded.close()]);
});
