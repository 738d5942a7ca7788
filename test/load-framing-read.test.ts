/**
 * `fiblab load --framing read`: bare digits, no newline, one request in flight per connection,
 * against a server of the talk's kind (written here: each read is one request) and against
 * `serve --framing read`.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, test } from 'node:test';
import { fibReference } from '../ts/reference.js';
import { runCli } from './fixtures/run-cli.js';
import { startServer } from './helpers/server-process.js';

/** The talk's server, in Node: each read is one request, `int(req)`, reply `fib + "\n"`. Records the reads. */
async function talkServer() {
  const reads: string[] = [];
  const sockets = new Set<net.Socket>();
  const listener = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.setEncoding('latin1').on('data', (read: string) => {
      reads.push(read);
      socket.write(/^\d+$/.test(read) ? `${fibReference(Number(read))}\n` : 'bad request\n');
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return {
    port: (listener.address() as net.AddressInfo).port,
    reads,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}

test("load --framing read drives a server of the talk's kind: every read is bare digits", async () => {
  const server = await talkServer();
  try {
    const result = await runCli(
      [
        'load',
        `127.0.0.1:${server.port}`,
        '--framing',
        'read',
        '-c',
        '2',
        '--n',
        '7',
        '-d',
        '0.5s',
        '--warmup',
        '0',
        '--json',
      ],
      30_000,
    );
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(report.target, { host: '127.0.0.1', ports: [server.port], framing: 'read' });
    assert.ok(report.total.requests > 0, 'some replies measured');
    assert.equal(report.total.wrongAnswers, 0);
    assert.ok(server.reads.length > 0);
    // One request in flight: each read the server saw is exactly one bare request, never two.
    assert.deepEqual(new Set(server.reads), new Set(['7']));
  } finally {
    await server.close();
  }
});

const served = await startServer('event-loop', ['--framing', 'read']);
after(() => served.stop());

test('load --framing read against serve --framing read: correct answers, no error replies', async () => {
  const result = await runCli(
    [
      'load',
      `127.0.0.1:${served.port}`,
      '--framing',
      'read',
      '-c',
      '2',
      '--n',
      '12',
      '-d',
      '0.5s',
      '--warmup',
      '0',
      '--json',
    ],
    30_000,
  );
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.ok(report.total.requests > 0);
  assert.equal(report.total.wrongAnswers, 0);
  assert.equal(report.total.errors, 0);
});

test('load --framing: bad values and --http are usage errors', async () => {
  const bad = await runCli(['load', '--framing', 'bytes']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--framing must be one of line, read, got 'bytes'/);
  const http = await runCli(['load', '--framing', 'read', '--http']);
  assert.equal(http.code, 2);
  assert.match(http.stderr, /--framing read and --http/);
});
