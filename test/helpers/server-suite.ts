/**
 * The behavioural suite every server variant must pass — TypeScript variants and peers alike.
 * Real processes, real sockets; order of arrival is asserted, never durations. Where a test
 * needs "the server is computing now", it waits for CPU time of the server's process tree to
 * grow ({@link untilBusy}) after it was idle.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fibReference } from '../../ts/reference.js';
import type { Runtime } from '../../ts/runtimes/registry.js';
import { type CpuIsolation, findVariant } from '../../ts/variants/registry.js';
import { untilBusy, untilIdle } from './cpu-evidence.js';
import { LineClient } from './line-client.js';
import { descendants, isAlive, startServer, type TestServer } from './server-process.js';
import { waitUntil } from './wait-until.js';

/** What the suite needs to know about a variant. */
export interface SuiteTarget {
  variant: string;
  isolation: CpuIsolation;
  /** n whose fib keeps a core busy for a while in this implementation: work-size.ts suiteLongN. */
  longN: number;
  /** Extra `fiblab serve` flags. */
  args?: string[];
  /** The runtime the server runs on (it must be installed); the system Node if absent. */
  runtime?: Runtime;
  /** Connections of the "all at once" test; 200 unless a variant pays a thread per connection. */
  connections?: number;
}

// The one reference (ts/reference.ts: BigInt iteration, itself checked against published values
// in fib-exact-values.test.ts); the servers compute by the naive recursion, so the two are independent.
const FIB = (n: number): string => String(fibReference(n));
const SPREAD = [0, 1, 2, 3, 5, 10, 20, 25, 30];

/** Defines the suite for one variant (call at the top level of a test file). */
export function serverSuite(target: SuiteTarget): void {
  // e.g. "native-async --uv-threadpool-size 2 on deno"
  const name = [
    target.variant,
    ...(target.args ?? []),
    ...(target.runtime ? ['on', target.runtime.name] : []),
  ].join(' ');
  // The TypeScript server core (not the peers) makes promises of its own, e.g. about ETOOLONG.
  const core = findVariant(target.variant)?.kind === 'ts';
  const start = () => startServer(target.variant, target.args, {}, { runtime: target.runtime });
  describe(`${name}: protocol and limits`, () => {
    let server: TestServer;
    before(async () => {
      server = await start();
    });
    after(async () => {
      assert.equal(await server.stop(), 0, 'exit status after SIGTERM');
    });
    const connect = () => LineClient.connect(server.port);

    test('exact answers for a spread of n', async () => {
      const client = await connect();
      for (const n of SPREAD) assert.equal(await client.ask(`${n}\n`), FIB(n), `fib(${n})`);
      await client.close();
    });

    test('pipelined requests are answered in order; \\r\\n is accepted', async () => {
      const client = await connect();
      client.send('25\n1\r\n20\n2\n0\r\n10\n');
      assert.deepEqual(await client.take(6), ['75025', '1', '6765', '1', '0', '55']);
      await client.close();
    });

    test('every error code, and the connection keeps working after each', async () => {
      const client = await connect();
      const cases: Array<[string, RegExp]> = [
        ['abc\n', /^ERR EINVAL /],
        ['\n', /^ERR EINVAL /],
        ['-1\n', /^ERR EINVAL /],
        [' 5\n', /^ERR EINVAL /],
        ['41\n', /^ERR ERANGE .*40/],
        ['99999999999999999999\n', /^ERR ERANGE /],
        [`${'7'.repeat(33)}\n`, /^ERR ETOOLONG /],
      ];
      for (const [input, expected] of cases) {
        assert.match((await client.ask(input)) ?? '<closed>', expected, JSON.stringify(input));
        assert.equal(await client.ask('10\n'), '55', `still usable after ${JSON.stringify(input)}`);
      }
      await client.close();
    });

    test('a 1 MB line without newline gets one ETOOLONG; the next line is served', async () => {
      const client = await connect();
      client.send(Buffer.alloc(1024 * 1024, '1'));
      client.send('\n5\n');
      assert.match((await client.next()) ?? '<closed>', /^ERR ETOOLONG /);
      assert.equal(await client.next(), '5');
      await client.close();
    });

    if (core) {
      test('ETOOLONG comes as soon as the line crosses the limit, before its newline is sent', async () => {
        const client = await connect();
        // 33 bytes, one over the default limit, and no newline: the reply cannot wait for one.
        client.send('7'.repeat(33));
        assert.match((await client.next(10_000)) ?? '<closed>', /^ERR ETOOLONG line longer than 32 bytes$/);
        // The rest of the line up to its newline is skipped, not taken for a request.
        client.send('777\n5\n');
        assert.equal(await client.next(), '5');
        await client.close();
      });
    }

    test('10 000 pipelined requests written before reading any reply all come back in order', async () => {
      const client = await connect();
      const ns = Array.from({ length: 10_000 }, (_, i) => i % 16);
      client.send(ns.map((n) => `${n}\n`).join(''));
      const got = await client.take(ns.length);
      assert.deepEqual(got, ns.map(FIB));
      await client.close();
    });

    test('a client that disconnects mid-request costs the others nothing', async () => {
      const leaver = await connect();
      assert.equal(await leaver.ask('1\n'), '1');
      const baseline = await untilIdle(server.pid);
      leaver.send(`${target.longN}\n`);
      // It leaves while its request is being computed (a pool cancels it, a thread is ended).
      await untilBusy(server.pid, baseline, `fib(${target.longN})`);
      leaver.socket.destroy();
      // Every later request is answered exactly, on fresh connections and on one that pipelines.
      const later = async () => {
        const client = await connect();
        for (const [n, value] of [
          [20, '6765'],
          [1, '1'],
          [25, '75025'],
        ] as const)
          assert.equal(await client.ask(`${n}\n`), value, `fib(${n}) after the leaver left`);
        client.send('10\n0\n30\n');
        assert.deepEqual(await client.take(3), ['55', '0', '832040'], 'pipelined after the leaver left');
        await client.close();
      };
      // One at a time for a server that serves one connection at a time.
      if (target.isolation === 'not-served') {
        await later();
        await later();
      } else await Promise.all([later(), later()]);
    });

    const connections = target.connections ?? 200;
    test(`${connections} connections at once are all answered`, async () => {
      const clients = await Promise.all(Array.from({ length: connections }, connect));
      if (target.isolation === 'not-served') {
        // One at a time: each is answered once the ones before it have left.
        for (const client of clients) {
          assert.equal(await client.ask('10\n'), '55');
          await client.close();
        }
      } else {
        const replies = await Promise.all(clients.map((client) => client.ask('10\n')));
        assert.deepEqual(new Set(replies), new Set(['55']));
        await Promise.all(clients.map((client) => client.close()));
      }
    });

    if (target.isolation === 'not-served') {
      test('a second client gets nothing while the first is connected, then is served', async () => {
        const first = await connect();
        const second = await connect();
        second.send('10\n');
        // A full round trip on the first connection after the second sent its request.
        assert.equal(await first.ask('25\n'), '75025');
        assert.equal(second.buffered, 0, 'the second client must not be answered yet');
        await first.close();
        assert.equal(await second.next(), '55');
        await second.close();
      });
    } else {
      test('two concurrent clients are both answered', async () => {
        const [a, b] = await Promise.all([connect(), connect()]);
        const [ra, rb] = await Promise.all([a.ask('20\n'), b.ask('25\n')]);
        assert.deepEqual([ra, rb], ['6765', '75025']);
        await Promise.all([a.close(), b.close()]);
      });
    }

    if (target.isolation === 'answered-first' || target.isolation === 'answered-after') {
      const expected = target.isolation === 'answered-first' ? ['short', 'long'] : ['long', 'short'];
      test(`n=1 on one connection while fib(${target.longN}) runs on another: ${target.isolation}`, async () => {
        // Multi-port servers (many) split clients between ports, as the seed's clients did.
        const long = await connect();
        const short = await LineClient.connect(server.ports[server.ports.length - 1] as number);
        assert.equal(await long.ask('1\n'), '1');
        assert.equal(await short.ask('1\n'), '1');
        const order: string[] = [];
        const baseline = await untilIdle(server.pid);
        long.send(`${target.longN}\n`);
        const longDone = long.next().then(() => order.push('long'));
        // Only once the long request is being computed does the short one go out.
        await untilBusy(server.pid, baseline, `fib(${target.longN})`);
        const shortDone = short.ask('1\n').then(() => order.push('short'));
        await Promise.all([longDone, shortDone]);
        assert.deepEqual(order, expected);
        await Promise.all([long.close(), short.close()]);
      });
    }
  });

  describe(`${name}: shutdown`, () => {
    const promise = core ? 'its reply arrives' : 'the connection is closed';
    test(`SIGTERM while a lone request is computed: ${promise}, exit 0, no process left behind`, async () => {
      const server = await start();
      const client = await LineClient.connect(server.port);
      // A round trip first: the connection is accepted (and, for cluster, handed to a worker).
      assert.equal(await client.ask('1\n'), '1');
      // One more than the suite's long n: a wider margin between "busy" and "done".
      const n = target.longN + 1;
      const baseline = await untilIdle(server.pid);
      client.send(`${n}\n`);
      await untilBusy(server.pid, baseline, `fib(${n})`);
      // The request alone is in flight; its reply must not be back yet, or nothing is tested.
      assert.equal(client.buffered, 0, `fib(${n}) was answered before the signal: make n larger`);
      const family = [server.pid, ...descendants(server.pid)];
      const exit = server.stop();
      if (core) {
        assert.equal(await client.next(), FIB(n), 'the request in flight is answered');
      } else {
        // The peers stop as the seed's servers do, at once: the request may be dropped or fail.
        const reply = await client.next();
        assert.ok(reply === undefined || reply === FIB(n) || reply.startsWith('ERR '), `got ${reply}`);
      }
      assert.equal(await client.next(), undefined, 'then the server closes the connection');
      assert.equal(await exit, 0);
      // A helper process may outlive its parent by a moment (CPython's multiprocessing resource
      // tracker exits when its pipe closes): allow 5 s for the family to be gone.
      await waitUntil(() => !family.some(isAlive), 5000, 50);
      assert.deepEqual(family.filter(isAlive), [], 'every process of the server has exited');
    });
  });
}
