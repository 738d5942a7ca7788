/**
 * "Servers bind 127.0.0.1 by default (`--host` to change)": checked from the kernel's socket
 * table and by connecting to another loopback address (127.0.0.2, which Linux routes to `lo`),
 * so no packet leaves the machine.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineClient } from './helpers/line-client.js';
import { startServer } from './helpers/server-process.js';
import { tcpSockets } from './helpers/tcp-queues.js';

const skip = process.platform === 'linux' ? false : 'needs Linux: /proc/net/tcp and 127.0.0.0/8 on lo';

/** The addresses the kernel lists as listening on `port`. */
const listening = (port: number) =>
  (tcpSockets() ?? []).filter((s) => s.state === 'LISTEN' && s.localPort === port).map((s) => s.localAddress);

/** 'served' if fib(10) comes back from host:port, else the connection error's code. */
async function reach(host: string, port: number): Promise<string> {
  try {
    const client = await LineClient.connect(port, { host });
    const reply = await client.ask('10\n');
    await client.close();
    return reply === '55' ? 'served' : `replied ${reply}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

test('by default a server listens on 127.0.0.1 only', { skip }, async (t) => {
  const server = await startServer('event-loop');
  t.after(() => server.stop());
  assert.equal(server.server.readiness.host, '127.0.0.1');
  assert.deepEqual(listening(server.port), ['127.0.0.1']);
  assert.equal(await reach('127.0.0.1', server.port), 'served');
  assert.equal(await reach('127.0.0.2', server.port), 'ECONNREFUSED', 'not on any other address');
});

test('--host binds the address given, and only it', { skip }, async (t) => {
  const server = await startServer('event-loop', ['--host', '127.0.0.2']);
  t.after(() => server.stop());
  assert.equal(server.server.readiness.host, '127.0.0.2');
  assert.deepEqual(listening(server.port), ['127.0.0.2']);
  assert.equal(await reach('127.0.0.2', server.port), 'served');
  assert.equal(await reach('127.0.0.1', server.port), 'ECONNREFUSED');
});
