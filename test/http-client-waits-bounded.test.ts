/**
 * The HTTP test client's waits are bounded and say what they waited for, as LineClient's are: a
 * server that never answers or never closes fails a test in its time limit, not the runner's.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { HttpClient } from './helpers/http-client.js';

test('a response or a close that never comes fails the wait, naming it', { timeout: 10_000 }, async (t) => {
  const silent = net.createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => silent.close());
  const { port } = silent.address() as net.AddressInfo;
  const client = await HttpClient.connect(port, '127.0.0.1', 300);
  t.after(() => client.socket.destroy());
  await assert.rejects(
    client.fib(30),
    new RegExp(
      `^Error: HttpClient: no response #1 from 127.0.0.1:${port} \\(last sent: "GET /fib/30 HTTP/1.1"… \\(38 chars\\)\\) within 300 ms$`,
    ),
  );
  await assert.rejects(
    client.closedWithin('the silent server never closed'),
    new RegExp(
      `^Error: HttpClient: 127.0.0.1:${port} still open after 300 ms: the silent server never closed$`,
    ),
  );
});
