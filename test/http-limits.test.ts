/** The server core's limits over HTTP: the same limits as over TCP (server-limits, -pending-cap, -worker-faults). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ComputeStrategy } from '../ts/compute/strategy.js';
import { fibUnchecked } from '../ts/fib.js';
import { MAX_WAITING_PER_CONNECTION } from '../ts/server/http-connection.js';
import { FibHttpServer } from '../ts/server/http-server.js';
import { DEFAULT_SERVER_OPTIONS } from '../ts/server/options.js';
import { killWorkerThenServe } from './helpers/cluster-refork.js';
import { countingStrategy } from './helpers/counting-strategy.js';
import { threadCpuMs, untilIdle, wallAtLeastMs } from './helpers/cpu-evidence.js';
import { HttpClient, show } from './helpers/http-client.js';
import { FIB } from './helpers/http-suite.js';
import { startServer } from './helpers/server-process.js';
import { jsNFor } from './helpers/work-size.js';

const http = (variant: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  startServer(variant, ['--transport', 'http', ...args], env);

test('--max-connections: one more connection gets 503 ERR EBUSY and is closed; others are unaffected', async (t) => {
  const server = await http('event-loop', ['--max-connections', '2']);
  t.after(() => server.stop());
  const a = await HttpClient.connect(server.port);
  const b = await HttpClient.connect(server.port);
  assert.equal(await a.fib(10), '55');
  const refused = await HttpClient.connect(server.port);
  const response = await refused.get('/fib/10');
  assert.equal(show(response), '503 ERR EBUSY too many connections');
  assert.equal(response?.headers.connection, 'close');
  await refused.closedWithin('the refused connection was left open');
  assert.equal(await b.fib(10), '55');
  await a.close();
  const c = await HttpClient.connect(server.port);
  assert.equal(await c.fib(20), '6765', 'a slot freed up is usable again');
  await Promise.all([b.close(), c.close()]);
});

test('--idle-timeout: an idle keep-alive connection is closed, one still computing is answered first', async (t) => {
  const idleMs = 100;
  // Measured here, not assumed: a request predicted to keep the worker busy for 8 idle timeouts
  // (a wide margin: on a busy machine the probe's wall time overstates fib's cost, so n comes out low).
  const n = jsNFor(8 * idleMs);
  const server = await http('pool', ['--idle-timeout', String(idleMs / 1000), '--workers', '1']);
  t.after(() => server.stop());
  const idle = await HttpClient.connect(server.port);
  assert.equal(await idle.fib(1), '1');
  await idle.closedWithin('an idle keep-alive connection was never closed after its reply');
  await untilIdle(server.pid);
  const before = threadCpuMs(server.pid);
  const busy = await HttpClient.connect(server.port);
  assert.equal(await busy.fib(n), FIB(n), `fib(${n}) is answered although it outlasts the timeout`);
  // The worker thread computed for this long, so at least this much time passed with the
  // request in flight: twice the idle timeout or more means the timer fired while it computed.
  const inFlightMs = wallAtLeastMs(before, threadCpuMs(server.pid));
  t.diagnostic(`fib(${n}) in flight for at least ${inFlightMs} ms (idle timeout ${idleMs} ms)`);
  assert.ok(inFlightMs >= 2 * idleMs, `fib(${n}) was in flight ≥ ${inFlightMs} ms: not enough to prove it`);
  await busy.closedWithin('once answered, the connection was never closed as idle');
});

test('--header-timeout: a head trickled byte by byte is cut off with 408; a connection that sends nothing is closed', async (t) => {
  const server = await http('event-loop', ['--header-timeout', '0.3']);
  t.after(() => server.stop());
  const slow = await HttpClient.connect(server.port);
  slow.send('GET /fib/10 HTTP/1.1\r\n');
  // One header line every 50 ms: traffic, but the head never completes.
  const trickle = setInterval(() => slow.send('x-slow: 1\r\n'), 50);
  const response = await slow.next();
  clearInterval(trickle);
  assert.match(show(response), /^408 ERR EINVAL request head not complete within 0.3s/);
  await slow.closedWithin('the connection was left open after its 408');
  const silent = await HttpClient.connect(server.port);
  await silent.closedWithin('a connection that sent nothing was never closed');
  const fine = await HttpClient.connect(server.port);
  assert.equal(await fine.fib(20), '6765');
  await fine.close();
});

test('--max-n and --max-line-bytes are enforced with the limit in the body', async (t) => {
  const server = await http('event-loop', ['--max-n', '20', '--max-line-bytes', '4']);
  t.after(() => server.stop());
  const client = await HttpClient.connect(server.port);
  assert.equal(await client.fib(20), '6765');
  assert.equal(await client.fib(21), '400 ERR ERANGE n must be at most 20');
  assert.equal(await client.fib('0020'), '6765', 'leading zeros are fine within the limit');
  assert.equal(await client.fib('00020'), '414 ERR ETOOLONG line longer than 4 bytes');
  assert.equal(await client.fib(1), '1');
  await client.close();
});

test('not /fib/<n>: 404; not GET: 405 with allow; a query string is ignored', async (t) => {
  const server = await http('event-loop');
  t.after(() => server.stop());
  const client = await HttpClient.connect(server.port);
  assert.match(show(await client.get('/')), /^404 ERR EINVAL no such path/);
  client.send('POST /fib/10 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n');
  const post = await client.next();
  assert.match(show(post), /^405 ERR EINVAL method POST not allowed/);
  assert.equal(post?.headers.allow, 'GET');
  assert.equal(show(await client.get('/fib/10?x=1')), '55');
  await client.close();
});

test('malformed HTTP gets 400 ERR EINVAL, a head over 16 KiB 431 ERR ETOOLONG; each closes; the server goes on', async (t) => {
  const server = await http('event-loop');
  t.after(() => server.stop());
  const garbage = await HttpClient.connect(server.port);
  garbage.send('30\n\r\n\r\n');
  assert.match(show(await garbage.next()), /^400 ERR EINVAL malformed/);
  await garbage.closedWithin('the connection was left open after its 400');
  const huge = await HttpClient.connect(server.port);
  huge.send(`GET /fib/${'1'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
  assert.match(show(await huge.next()), /^431 ERR ETOOLONG request head longer than 16384 bytes/);
  await huge.closedWithin('the connection was left open after its 431');
  const client = await HttpClient.connect(server.port);
  assert.equal(await client.fib(25), '75025');
  await client.close();
});

test('HTTP/1.0 without keep-alive is answered and closed', async (t) => {
  const server = await http('event-loop');
  t.after(() => server.stop());
  const client = await HttpClient.connect(server.port);
  client.send('GET /fib/30 HTTP/1.0\r\n\r\n');
  assert.equal(show(await client.next()), '832040');
  await client.closedWithin('an HTTP/1.0 connection without keep-alive was left open');
});

test('a pipelining client never has more than --max-pending requests computing, and loses none', async (t) => {
  const { strategy, stats } = countingStrategy();
  const server = new FibHttpServer(
    strategy,
    { ...DEFAULT_SERVER_OPTIONS, transport: 'http', port: 0, maxPending: 8 },
    'concurrent',
  );
  const { port } = await server.listen();
  t.after(() => server.shutdown());
  const client = await HttpClient.connect(port);
  const ns = Array.from({ length: 2000 }, (_, i) => i % 20);
  client.send(ns.map((n) => HttpClient.get(`/fib/${n}`)).join(''));
  assert.deepEqual(
    (await client.take(ns.length)).map(show),
    ns.map((n) => String(fibUnchecked(n))),
  );
  assert.equal(stats.maxInFlight, 8, 'pipelined up to the cap, never beyond');
  await client.close();
});

test(`a client with more than ${MAX_WAITING_PER_CONNECTION} requests waiting is closed; others are unaffected`, async (t) => {
  // Nothing ever completes: every request after the first waits, until the bound is crossed.
  const strategy: ComputeStrategy = {
    name: 'pool',
    details: {},
    connect: () => ({ compute: () => new Promise<number>(() => {}), release() {} }),
    close: async () => {},
  };
  const server = new FibHttpServer(
    strategy,
    { ...DEFAULT_SERVER_OPTIONS, transport: 'http', port: 0, maxPending: 1, shutdownTimeoutMs: 100 },
    'concurrent',
  );
  const { port } = await server.listen();
  t.after(() => server.shutdown());
  const flood = await HttpClient.connect(port);
  flood.send(HttpClient.get('/fib/1').repeat(MAX_WAITING_PER_CONNECTION * 3));
  await flood.closedWithin('a client with too many requests waiting was never closed');
  assert.equal(flood.buffered, 0, 'no reply: nothing had completed');
  const other = await HttpClient.connect(port);
  assert.equal(show(await other.get('/fib/x')), '400 ERR EINVAL expected a non-negative decimal integer');
  await other.close();
});

// FIBLAB_TEST_CRASH_N makes the worker asked for that n exit mid-request (ts/compute/fault-injection.ts).
for (const variant of ['pool', 'worker-per-connection', 'process-pool']) {
  test(`${variant}: a worker that dies mid-request → 500 ERR EINTERNAL, then the pool recovers`, async (t) => {
    const server = await http(variant, ['--workers', '2'], { FIBLAB_TEST_CRASH_N: '33' });
    t.after(() => server.stop());
    const bystander = await HttpClient.connect(server.port);
    const client = await HttpClient.connect(server.port);
    for (let round = 0; round < 2; round++) {
      assert.match(await client.fib(33), /^500 ERR EINTERNAL /);
      assert.equal(await client.fib(30), '832040', 'the same connection is served after the crash');
      assert.equal(await bystander.fib(25), '75025', 'other connections are unaffected');
    }
    await Promise.all([client.close(), bystander.close()]);
  });
}

test('cluster over HTTP: a killed worker is re-forked and clients keep being served', async (t) => {
  const server = await http('cluster', ['--workers', '2']);
  t.after(() => server.stop());
  await killWorkerThenServe(server, async () => {
    const client = await HttpClient.connect(server.port);
    const reply = await client.fib(20);
    await client.close();
    return reply;
  });
});
