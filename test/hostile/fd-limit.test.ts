// Issue 11, item 1 (last case): under a low file-descriptor limit, clients past it were closed
// with no reply at all (libuv's EMFILE trick). Now the server fits its connection limit to the
// fd limit, so each of them gets ERR EBUSY instead.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { describe, test } from 'node:test';
import { LineClient } from '../helpers/line-client.js';
import { skipUnlessTool } from '../helpers/needs-tool.js';
import { waitUntil } from '../helpers/wait-until.js';
import { openFds, startGroupServer } from './helpers.js';

const FD_LIMIT = 256;
const CLIENTS = 320;
const PRLIMIT = ['prlimit', `--nofile=${FD_LIMIT}:${FD_LIMIT}`, '--'];
// Node raises its soft limit to the hard one at start: both are lowered. prlimit is util-linux.
const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;

/** What one client got: the first reply line, or `silence` (closed or reset with nothing), or `none` yet. */
interface Outcome {
  socket: net.Socket;
  result: () => string;
}

/** Connects, sends `20\n` and keeps its side open; records the first line or the silent close. */
function client(port: number): Outcome {
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  let text = '';
  let closedSilent = false;
  socket.setEncoding('utf8');
  socket.on('connect', () => socket.write('20\n'));
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  socket.on('error', () => {});
  const silent = () => {
    if (text === '') closedSilent = true;
  };
  socket.on('end', silent);
  socket.on('close', silent);
  return {
    socket,
    result: () => {
      const newline = text.indexOf('\n');
      if (newline >= 0) return text.slice(0, newline);
      return closedSilent ? 'silence' : 'none';
    },
  };
}

// Both variants at once: each waits mostly on the kernel (connections in their SYN retries, past
// the accept queue), on its own server and port; the work per client is one fib(20).
describe(`${FD_LIMIT}-fd limit, every variant at once`, { concurrency: 2 }, () => {
  for (const variant of ['event-loop', 'pool']) {
    test(`${variant} under a ${FD_LIMIT}-fd limit: ${CLIENTS} clients at once each get a reply or ERR EBUSY, none silence`, {
      skip: hasPrlimit ? false : skipUnlessTool('prlimit', 'prlimit (util-linux) not installed'),
    }, async (t) => {
      const server = await startGroupServer(variant, ['--shutdown-timeout', '1s'], {}, undefined, PRLIMIT);
      t.after(() => server.stop());
      const atStart = openFds(server.pid);

      const clients = Array.from({ length: CLIENTS }, () => client(server.port));
      t.after(() => {
        for (const c of clients) c.socket.destroy();
      });
      // Connections past the (shortened) accept queue wait in their SYN retries: a generous bound.
      const settled = await waitUntil(() => clients.every((c) => c.result() !== 'none'), 60_000, 50);
      const counts: Record<string, number> = {};
      for (const c of clients) counts[c.result()] = (counts[c.result()] ?? 0) + 1;
      t.diagnostic(
        `maxConnections=${server.extra.maxConnections}: ${JSON.stringify(counts)}; fds ${atStart} at start`,
      );
      assert.ok(settled, `every client got an answer within 60 s: ${JSON.stringify(counts)}`);
      assert.equal(counts.silence ?? 0, 0, 'no client was closed without a reply');
      // The clamp is said where scripts read it (and warned once on stderr).
      assert.equal(server.extra.fdLimit, String(FD_LIMIT), 'the readiness line says the fd limit');
      const max = Number(server.extra.maxConnections);
      assert.ok(
        max > 0 && max < FD_LIMIT,
        `maxConnections=${server.extra.maxConnections} within the fd limit`,
      );
      assert.match(server.stderr, /--max-connections 1024 lowered to \d+/);
      assert.equal(counts['6765'], max, 'exactly maxConnections clients were served');
      assert.equal(counts['ERR EBUSY too many connections'], CLIENTS - max, 'every other one got ERR EBUSY');

      // Bounded: the served connections and what the server had at start, no refused leftovers.
      const fdsServing = openFds(server.pid);
      assert.ok(
        fdsServing <= atStart + max + 8,
        `${fdsServing} fds with ${max} connections (${atStart} at start)`,
      );

      // And it keeps serving: once those clients leave, a new one is answered.
      for (const c of clients) c.socket.destroy();
      assert.ok(
        await waitUntil(() => openFds(server.pid) <= atStart + 8, 20_000),
        `fds back to ~${atStart} after the clients left (now ${openFds(server.pid)})`,
      );
      const after = await LineClient.connect(server.port);
      assert.equal(await after.ask('10\n'), '55');
      await after.close();
    });
  }
});
