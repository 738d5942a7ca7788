import assert from 'node:assert/strict';
import { test } from 'node:test';
import { threadCpuMs, untilIdle, wallAtLeastMs } from './helpers/cpu-evidence.js';
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
  await refused.closedWithin('the refused connection was left open');
  assert.equal(await b.ask('10\n'), '55');
  await a.close();
  const c = await LineClient.connect(server.port);
  assert.equal(await c.ask('20\n'), '6765', 'a slot freed up is usable again');
  await Promise.all([b.close(), c.close()]);
});

test('--idle-timeout: an idle connection is closed; one still computing is not idle', async (t) => {
  const idleMs = 100;
  const server = await startServer('pool', ['--idle-timeout', String(idleMs / 1000), '--workers', '1']);
  t.after(() => server.stop());
  const idle = await LineClient.connect(server.port);
  await idle.closedWithin('an idle connection was never closed');
  // Idle first (outside the connection's life: its timer starts when it connects).
  await untilIdle(server.pid);
  const before = threadCpuMs(server.pid);
  const busy = await LineClient.connect(server.port);
  assert.equal(await busy.ask('40\n'), '102334155', 'fib(40) is answered although it outlasts the timeout');
  // The worker thread computed for this long, so at least this much time passed with the
  // request in flight: twice the idle timeout or more means the timer fired while it computed.
  const inFlightMs = wallAtLeastMs(before, threadCpuMs(server.pid));
  t.diagnostic(`fib(40) in flight for at least ${inFlightMs} ms (idle timeout ${idleMs} ms)`);
  assert.ok(inFlightMs >= 2 * idleMs, `fib(40) was in flight ≥ ${inFlightMs} ms: not enough to prove it`);
  await busy.closedWithin('once answered, the connection was never closed as idle');
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
