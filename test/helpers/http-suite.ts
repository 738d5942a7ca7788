/**
 * The behavioural suite over the HTTP transport: the same behaviours as server-suite.ts (values,
 * errors, pipelining in order, disconnects, many connections, CPU isolation, graceful shutdown),
 * spoken as HTTP/1.1 keep-alive. Every variant and every HTTP peer runs it. Real processes, real
 * sockets; order of arrival is asserted, never durations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Runtime } from '../../ts/runtimes/registry.js';
import type { CpuIsolation } from '../../ts/variants/registry.js';
import { untilBusy, untilIdle } from './cpu-evidence.js';
import { HttpClient, show } from './http-client.js';
import { descendants, isAlive, startServer, type TestServer } from './server-process.js';
import { waitUntil } from './wait-until.js';

/** What the suite needs to know about a variant. */
export interface HttpSuiteTarget {
  variant: string;
  isolation: CpuIsolation;
  /** n whose fib keeps a core busy for a while in this implementation: work-size.ts suiteLongN. */
  longN: number;
  /** Extra `fiblab serve` flags (--transport http is added). */
  args?: string[];
  /** The runtime the server runs on (it must be installed); the system Node if absent. */
  runtime?: Runtime;
  /**
   * `graceful` (default): requests in flight at SIGTERM are answered. `immediate`: the Python
   * peers' documented shutdown (peers/README.md): exit 0 at once, even mid-fib, the reply lost.
   */
  shutdown?: 'graceful' | 'immediate';
}

/** fib(n) from BigInt addition: never from the code under test. */
export const FIB = (n: number): string => {
  let [a, b] = [0n, 1n];
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return String(a);
};

/** Defines the suite for one variant (call at the top level of a test file). */
export function httpSuite(target: HttpSuiteTarget): void {
  const args = ['--transport', 'http', ...(target.args ?? [])];
  const name = [target.variant, ...args, ...(target.runtime ? ['on', target.runtime.name] : [])].join(' ');
  const start = () => startServer(target.variant, args, {}, { runtime: target.runtime });

  describe(`${name}: protocol and limits`, () => {
    let server: TestServer;
    before(async () => {
      server = await start();
    });
    after(async () => {
      assert.equal(await server.stop(), 0, 'exit status after SIGTERM');
    });
    const connect = () => HttpClient.connect(server.port);

    test('GET /fib/30 → 200 text/plain 832040, and the connection stays open (keep-alive)', async () => {
      const client = await connect();
      const response = await client.get('/fib/30');
      assert.equal(response?.status, 200);
      assert.equal(response?.body, '832040\n');
      assert.match(response?.headers['content-type'] ?? '', /^text\/plain/);
      assert.notEqual(response?.headers.connection?.toLowerCase(), 'close');
      for (const n of [0, 1, 2, 3, 5, 10, 20, 25]) assert.equal(await client.fib(n), FIB(n), `fib(${n})`);
      await client.close();
    });

    test('pipelined requests are answered in order', async () => {
      const client = await connect();
      const ns = [25, 1, 20, 2, 0, 10];
      client.send(ns.map((n) => HttpClient.get(`/fib/${n}`)).join(''));
      assert.deepEqual((await client.take(ns.length)).map(show), ns.map(FIB));
      await client.close();
    });

    test('every error maps to its status with the ERR code in the body; the connection keeps working', async () => {
      const client = await connect();
      const cases: Array<[string, RegExp]> = [
        ['/fib/abc', /^400 ERR EINVAL /],
        ['/fib/', /^400 ERR EINVAL /],
        ['/fib/-1', /^400 ERR EINVAL /],
        ['/fib/%205', /^400 ERR EINVAL /],
        ['/fib/41', /^400 ERR ERANGE .*40/],
        ['/fib/99999999999999999999', /^400 ERR ERANGE /],
        [`/fib/${'7'.repeat(33)}`, /^414 ERR ETOOLONG /],
      ];
      for (const [path, expected] of cases) {
        assert.match(show(await client.get(path)), expected, path);
        assert.equal(await client.fib(10), '55', `still usable after ${path}`);
      }
      await client.close();
    });

    test('2000 pipelined requests written before reading any reply all come back in order', async () => {
      const client = await connect();
      const ns = Array.from({ length: 2000 }, (_, i) => i % 16);
      client.send(ns.map((n) => HttpClient.get(`/fib/${n}`)).join(''));
      assert.deepEqual((await client.take(ns.length)).map(show), ns.map(FIB));
      await client.close();
    });

    test('a client that disconnects mid-request costs the others nothing', async () => {
      const leaver = await connect();
      assert.equal(await leaver.fib(1), '1');
      const baseline = await untilIdle(server.pid);
      leaver.send(HttpClient.get(`/fib/${target.longN}`));
      // It leaves while its request is being computed (a pool cancels it, a thread is ended).
      await untilBusy(server.pid, baseline, `fib(${target.longN})`);
      assert.equal(
        leaver.buffered,
        0,
        `fib(${target.longN}) was answered before the client left: make n larger`,
      );
      leaver.socket.destroy();
      const later = async () => {
        const client = await connect();
        assert.equal(await client.fib(20), '6765', 'fib(20) after the leaver left');
        client.send([10, 0, 25].map((n) => HttpClient.get(`/fib/${n}`)).join(''));
        assert.deepEqual(
          (await client.take(3)).map(show),
          ['55', '0', '75025'],
          'pipelined after the leaver left',
        );
        await client.close();
      };
      await later();
      // Once the leaver's work has ended (done or cancelled), the server still serves.
      await untilIdle(server.pid);
      await later();
    });

    test('200 connections at once are all answered', async () => {
      const clients = await Promise.all(Array.from({ length: 200 }, connect));
      if (target.isolation === 'not-served') {
        for (const client of clients) {
          assert.equal(await client.fib(10), '55');
          await client.close();
        }
      } else {
        const replies = await Promise.all(clients.map((client) => client.fib(10)));
        assert.deepEqual(new Set(replies), new Set(['55']));
        await Promise.all(clients.map((client) => client.close()));
      }
    });

    if (target.isolation === 'not-served') {
      test('a second connection gets nothing while the first is open, then is served', async () => {
        // The first is served once before the second connects: Bun's node:http announces a
        // connection only with its first request, so admission there follows first requests.
        const first = await connect();
        assert.equal(await first.fib(1), '1');
        const second = await connect();
        second.send(HttpClient.get('/fib/10'));
        assert.equal(await first.fib(25), '75025');
        assert.equal(second.buffered, 0, 'the second client must not be answered yet');
        await first.close();
        assert.equal(show(await second.next()), '55');
        await second.close();
      });
    } else {
      test('two concurrent clients are both answered', async () => {
        const [a, b] = await Promise.all([connect(), connect()]);
        assert.deepEqual(await Promise.all([a.fib(20), b.fib(25)]), ['6765', '75025']);
        await Promise.all([a.close(), b.close()]);
      });
    }

    if (target.isolation === 'answered-first' || target.isolation === 'answered-after') {
      const expected = target.isolation === 'answered-first' ? ['short', 'long'] : ['long', 'short'];
      test(`n=1 on one connection while fib(${target.longN}) runs on another: ${target.isolation}`, async () => {
        const long = await connect();
        const short = await HttpClient.connect(server.ports[server.ports.length - 1] as number);
        assert.equal(await long.fib(1), '1');
        assert.equal(await short.fib(1), '1');
        const order: string[] = [];
        const baseline = await untilIdle(server.pid);
        long.send(HttpClient.get(`/fib/${target.longN}`));
        const longDone = long.next().then(() => order.push('long'));
        await untilBusy(server.pid, baseline, `fib(${target.longN})`);
        const shortDone = short.fib(1).then(() => order.push('short'));
        await Promise.all([longDone, shortDone]);
        assert.deepEqual(order, expected);
        await Promise.all([long.close(), short.close()]);
      });
    }
  });

  describe(`${name}: shutdown`, () => {
    /** A connection whose one request is being computed (CPU-time evidence) and not yet answered. */
    const inFlight = async (server: TestServer) => {
      const client = await HttpClient.connect(server.port);
      // A round trip first: the connection is accepted (and, for cluster, handed to a worker).
      assert.equal(await client.fib(1), '1');
      // One more than the suite's long n: a wider margin between "busy" and "done".
      const n = target.longN + 1;
      const baseline = await untilIdle(server.pid);
      client.send(HttpClient.get(`/fib/${n}`));
      await untilBusy(server.pid, baseline, `fib(${n})`);
      assert.equal(client.buffered, 0, `fib(${n}) was answered before the signal: make n larger`);
      return { client, n };
    };
    if (target.shutdown === 'immediate') {
      test('SIGTERM with a request in flight: exit 0 at once, the connection closed, no process left', async () => {
        const server = await start();
        const { client } = await inFlight(server);
        const family = [server.pid, ...descendants(server.pid)];
        assert.equal(await server.stop(), 0);
        // py-process may fail the request as its pool goes (500 ERR EINTERNAL); no value comes, and no repeat.
        const rest = await client.next();
        assert.ok(rest === undefined || (rest.status !== 200 && rest.body.startsWith('ERR ')), show(rest));
        await client.closedWithin('the connection was left open after SIGTERM');
        await waitUntil(() => !family.some(isAlive), 5000, 50);
        assert.deepEqual(family.filter(isAlive), [], 'every process of the server has exited');
      });
      return;
    }
    test('SIGTERM with a request in flight: its reply arrives, then the connection closes, exit 0, no process left', async () => {
      const server = await start();
      const { client, n } = await inFlight(server);
      const family = [server.pid, ...descendants(server.pid)];
      const exit = server.stop();
      assert.equal(show(await client.next()), FIB(n), 'the request in flight is answered');
      assert.equal(await client.next(), undefined, 'then the server closes the connection');
      assert.equal(await exit, 0);
      await waitUntil(() => !family.some(isAlive), 5000, 50);
      assert.deepEqual(family.filter(isAlive), [], 'every process of the server has exited');
    });
  });
}
