/**
 * `fiblab load --http`: the same closed loop and the same checks as over the line protocol,
 * against a real `--transport http` server and against raw HTTP fixtures that misbehave on purpose.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, test } from 'node:test';
import { runLoad } from '../dist/load/index.js';
import { fibReference } from '../ts/reference.js';
import { runCli } from './fixtures/run-cli.js';
import { startServer } from './helpers/server-process.js';

const server = await startServer('event-loop', ['--transport', 'http']);
after(() => server.stop());

/**
 * A raw HTTP server on 127.0.0.1: reads request heads, and for each writes what `respond` makes
 * of its path (as one write, or byte by byte). Counts what it answered.
 */
async function rawHttpServer(respond: (path: string) => string, byteByByte = false) {
  let answered = 0;
  const sockets = new Set<net.Socket>();
  const listener = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let pending = '';
    socket.setEncoding('latin1').on('data', (text: string) => {
      pending += text;
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        const path = pending.slice(0, end).split(' ')[1] ?? '';
        pending = pending.slice(end + 4);
        const response = respond(path);
        answered++;
        if (!byteByByte) socket.write(response);
        else for (const char of response) socket.write(char);
      }
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return {
    port: (listener.address() as net.AddressInfo).port,
    get answered() {
      return answered;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        listener.close(() => resolve());
      }),
  };
}

const response = (status: string, body: string, headers = '') =>
  `HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const nOf = (path: string) => Number(path.slice('/fib/'.length));

/** One closed-loop run over HTTP against `port`: `clients` clients asking fib(n) for `durationS`. */
const loadHttp = (port: number, n: number, { clients = 1, durationS = 0.2, warmupS = 0 } = {}) =>
  runLoad({ transport: 'http', groups: [{ n, clients }], ports: [port], warmupS, durationS });

test('--http against a real server: every reply correct, the JSON target says http', async () => {
  const report = await loadHttp(server.port, 20, { clients: 2, durationS: 0.5, warmupS: 0.1 });
  assert.ok(report.total.requests > 0);
  assert.equal(report.total.wrongAnswers, 0);
  assert.equal(report.total.errors, 0);
  assert.deepEqual(report.target, { host: '127.0.0.1', ports: [server.port], transport: 'http' });
});

test('error statuses are counted by the ERR code in their body', async () => {
  const report = await loadHttp(server.port, 41, { durationS: 0.3 });
  assert.equal(report.total.requests, 0);
  assert.ok(report.total.errors > 0);
  assert.equal(report.total.errorReplies.ERANGE, report.total.errors);
  assert.equal(report.total.wrongAnswers, 0);
});

test('a 200 with a wrong body is a wrong answer, with the evidence', async (t) => {
  const fixture = await rawHttpServer((path) =>
    response('200 OK', `${nOf(path) === 25 ? '75026' : fibReference(nOf(path))}\n`),
  );
  t.after(() => fixture.close());
  const report = await loadHttp(fixture.port, 25);
  assert.equal(report.total.requests, 0);
  assert.ok(report.total.wrongAnswers > 0);
  assert.deepEqual(report.groups[0]?.wrongSamples[0], { client: 0, n: 25, expected: '75025', got: '75026' });
});

test('a status other than 200 with a correct-looking body is not a correct reply', async (t) => {
  const fixture = await rawHttpServer((path) => response('404 Not Found', `${fibReference(nOf(path))}\n`));
  t.after(() => fixture.close());
  const report = await loadHttp(fixture.port, 10);
  assert.equal(report.total.requests, 0);
  assert.ok(report.total.wrongAnswers > 0);
});

test('responses split byte by byte, with headers in any case, are reassembled and checked as one', async (t) => {
  const fixture = await rawHttpServer((path) => {
    const body = `${fibReference(nOf(path))}\n`;
    return `HTTP/1.1 200 OK\r\nX-Other: 1\r\ncOnTeNt-LeNgTh:  ${body.length}\r\n\r\n${body}`;
  }, true);
  t.after(() => fixture.close());
  const report = await loadHttp(fixture.port, 30, { durationS: 0.4 });
  const client = report.groups[0]?.clientReports[0];
  assert.ok(client?.state === 'connected');
  assert.ok(
    client.reads > fixture.answered,
    `${client.reads} reads for ${fixture.answered} replies: no split`,
  );
  assert.ok(report.total.requests > 0);
  assert.equal(report.total.wrongAnswers, 0);
});

test('a response without Content-Length loses the connection as EPROTO, not a silent hang', async (t) => {
  const fixture = await rawHttpServer(
    () => 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n832040\n\r\n0\r\n\r\n',
  );
  t.after(() => fixture.close());
  const report = await loadHttp(fixture.port, 30);
  const client = report.groups[0]?.clientReports[0];
  assert.ok(client?.state === 'connected');
  assert.equal(client.lost, 'EPROTO');
  assert.equal(report.total.requests, 0);
});

test('fiblab load --http: the CLI speaks HTTP and prints an http:// target', async () => {
  const result = await runCli(['load', '--http', `127.0.0.1:${server.port}`, '-d', '0.3s', '--warmup', '0']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`fiblab load → http://127\\.0\\.0\\.1:${server.port}`));
  assert.match(result.stdout, /Wrong answers +0/);
});
