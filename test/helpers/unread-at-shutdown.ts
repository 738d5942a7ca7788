/**
 * The shutdown suite for requests a server has not read yet when the signal comes, on every
 * TypeScript variant, over TCP or HTTP. The event loop is held on purpose (FIBLAB_TEST_DELAY_US:
 * a known wall-clock spin before each computation, on every strategy), so that the kernel
 * holds, at the moment of the signal, the request of a connection the server has accepted
 * and the request of a connection it has not accepted yet. /proc/net/tcp shows both queued
 * before and after the signal is sent; every such request must get its reply (its value, or
 * the shutdown's refusal) before the connection closes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type TsVariant, VARIANTS } from '../../ts/variants/registry.js';
import { untilBusy, untilIdle } from './cpu-evidence.js';
import { HttpClient, show } from './http-client.js';
import { LineClient } from './line-client.js';
import { exitWithin, family, killAll, signal } from './server-exit.js';
import { startServer } from './server-process.js';
import { connectionEnd, tcpSockets } from './tcp-queues.js';
import { waitUntil } from './wait-until.js';

/** The hold: each request spins this long on the event loop before it is computed. */
const HOLD_MS = 2000;
const BOUND_MS = 20_000;

/** A client of either transport, reduced to what this suite does with it. */
interface Client {
  readonly localPort: number;
  /** Sends one request for fib(n); returns its size on the wire. */
  request(n: number): number;
  /** The next reply as text ('<closed>' once the server closed), bounded and named. */
  reply(what: string): Promise<string>;
  readonly received: number;
  destroy(): void;
}

async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${BOUND_MS} ms`)), BOUND_MS);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function lineClient(port: number): Promise<Client> {
  const client = await LineClient.connect(port, { timeoutMs: BOUND_MS });
  return {
    localPort: client.socket.localPort as number,
    request(n) {
      client.send(`${n}\n`);
      return `${n}\n`.length;
    },
    reply: async () => (await client.next()) ?? '<closed>',
    get received() {
      return client.buffered;
    },
    destroy: () => client.socket.destroy(),
  };
}

async function httpClient(port: number): Promise<Client> {
  const client = await HttpClient.connect(port);
  return {
    localPort: client.socket.localPort as number,
    request(n) {
      const text = HttpClient.get(`/fib/${n}`);
      client.send(text);
      return Buffer.byteLength(text);
    },
    reply: (what) => within(client.next(), what).then(show),
    get received() {
      return client.buffered;
    },
    destroy: () => client.socket.destroy(),
  };
}

/** Bytes the server has not read from the connection of the client at `clientPort`. */
const unread = (serverPort: number, clientPort: number): number | undefined =>
  connectionEnd(tcpSockets() ?? [], serverPort, clientPort)?.rx;

/** Connections the kernel has established on `port` and the server has not accepted yet. */
const acceptQueue = (port: number): number | undefined =>
  tcpSockets()?.find((s) => s.state === 'LISTEN' && s.localPort === port)?.rx;

/** Defines the suite for one transport (call at the top level of a test file). */
export function unreadAtShutdownSuite(transport: 'tcp' | 'http'): void {
  const connect = transport === 'tcp' ? lineClient : httpClient;
  // The shutdown's refusal of a request it read but will not compute.
  const refusal = transport === 'tcp' ? /^ERR ESHUTDOWN / : /^503 ERR E(SHUTDOWN|BUSY) .*shutting down/;
  describe(`${transport}: a request still unread at the signal is answered`, { concurrency: 2 }, () => {
    for (const variant of VARIANTS.filter((v): v is TsVariant => v.kind === 'ts')) {
      // In a cluster the primary accepts at once and hands over: the held worker has the bytes.
      const primaryAccepts = variant.processModel === 'cluster';
      test(`${variant.name}: accepted and not yet accepted connections both get their reply`, async (t) => {
        const server = await startServer(
          variant.name,
          [
            '--transport',
            transport,
            '--shutdown-timeout',
            '30s',
            // One worker: every connection of a cluster meets the one held event loop.
            '--workers',
            '1',
            // The answer's auto threshold would be measured through the spin: a fixed one instead.
            ...(variant.preset?.inlineBelow === undefined ? [] : ['--inline-below', '0']),
          ],
          { FIBLAB_TEST_DELAY_US: String(HOLD_MS * 1000) },
        );
        const pids = family(server);
        t.after(async () => {
          await server.stop();
          killAll([...pids, ...family(server)]);
        });
        const port = server.port;
        const holder = await connect(port);
        const accepted = await connect(port);
        assert.ok(
          await waitUntil(() => acceptQueue(port) === 0, BOUND_MS),
          'the server accepted both first connections',
        );
        const baseline = await untilIdle(server.pid);
        holder.request(1);
        const held = performance.now();
        await untilBusy(server.pid, baseline, 'the held request (test delay)');
        // While the event loop spins: one request on an accepted connection, and one on each of
        // two new connections (libuv accepts one connection per turn of the loop: the second is
        // still queued in the turn that sees the signal).
        const late = [await connect(port), await connect(port)];
        const sent = new Map([accepted, ...late].map((client) => [client, client.request(10)]));
        const queued = () => [...sent].every(([client, bytes]) => unread(port, client.localPort) === bytes);
        assert.ok(await waitUntil(queued, BOUND_MS, 5), 'every request waits in the kernel, unread');
        if (!primaryAccepts)
          assert.equal(acceptQueue(port), late.length, 'the late connections are not accepted yet');
        assert.equal(holder.received, 0, 'the held request is still being held');
        t.diagnostic(`signal ${Math.round(performance.now() - held)} ms into the ${HOLD_MS} ms hold`);
        signal(server);
        // The loop has not run since: the signal will be seen before those bytes are read.
        assert.ok(queued(), 'every request still unread after the signal was sent');
        assert.equal(await holder.reply('reply to the held request'), '1');
        for (const [i, client] of [accepted, ...late].entries()) {
          const answer = await client.reply(`reply on connection #${i + 2}`);
          assert.ok(
            answer === '55' || refusal.test(answer),
            `connection #${i + 2}, its request read at the shutdown: ${answer}`,
          );
        }
        assert.equal(await exitWithin(server, BOUND_MS), 0);
        for (const client of [holder, accepted, ...late]) client.destroy();
      });
    }
  });
}
