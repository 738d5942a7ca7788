// Issue 11, item 9: a started line must end within --line-timeout, else ERR ETIMEDOUT and close.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineClient } from '../helpers/line-client.js';
import { collect, connect, lines, startGroupServer, within } from './helpers.js';

test('a line left unfinished gets ERR ETIMEDOUT and the connection closes; complete lines are unaffected', async (t) => {
  const server = await startGroupServer('event-loop', ['--line-timeout', '500ms']);
  t.after(() => server.stop());
  const polite = await LineClient.connect(server.port);
  const slow = await connect(server.port);
  const received = collect(slow);
  slow.write('1');
  // One byte at a time, far apart: the line never ends within the timeout.
  const drip = setInterval(() => slow.write('1'), 100);
  t.after(() => clearInterval(drip));
  await within(received.closed, 10_000, undefined);
  clearInterval(drip);
  assert.ok(received.isClosed(), 'closed by the server');
  assert.deepEqual(lines(received.text()), ['ERR ETIMEDOUT line not finished within 0.5 s']);
  // A client sending whole lines, however far apart, is untouched.
  assert.equal(await polite.ask('10\n'), '55');
  await polite.close();
});

test('--line-timeout is in the option table: bad values are refused', async () => {
  await assert.rejects(startGroupServer('event-loop', ['--line-timeout', 'soon']), /--line-timeout/);
});
