// Issue 11, item 2: a terminal's Ctrl-C (SIGINT to the whole process group) behaves exactly like
// one SIGTERM to the server: every request it read is answered, it exits 0, nothing is left.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fibUnchecked } from '../../ts/fib.js';
import { LineClient } from '../helpers/line-client.js';
import { waitUntil } from '../helpers/wait-until.js';
import { startGroupServer, within } from './helpers.js';

const HEAVY = 35;

/** PIDs whose process group is `pgid`. */
function groupMembers(pgid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

const CASES: Array<{ variant: string; args: string[] }> = [
  { variant: 'event-loop', args: [] },
  { variant: 'cluster', args: ['--workers', '2'] },
  { variant: 'many', args: ['--instances', '2'] },
  { variant: 'process-pool', args: ['--workers', '2'] },
  { variant: 'pool', args: ['--workers', '2'] },
  { variant: 'worker-per-connection', args: [] },
  { variant: 'native-async', args: ['--uv-threadpool-size', '2'] },
];

for (const { variant, args } of CASES) {
  test(`${variant}${args.includes('--uv-threadpool-size') ? ' (re-executed for --uv-threadpool-size)' : ''}: Ctrl-C on the process group answers what was read, exits 0`, async (t) => {
    const server = await startGroupServer(variant, [...args, '--shutdown-timeout', '20s']);
    t.after(() => server.stop());
    const clients = await Promise.all(
      [0, 1].map((i) => LineClient.connect(server.ports[i % server.ports.length] as number)),
    );
    for (const client of clients) client.send(`1\n${HEAVY}\n${HEAVY}\n`);
    // The first reply says the server has read the whole write: the heavy requests are in flight.
    for (const client of clients) assert.equal(await client.next(), '1');
    const sent = performance.now();
    process.kill(-server.pid, 'SIGINT');
    const replies = await Promise.all(clients.map((client) => client.take(2)));
    const exit = await within(server.exited, 30_000, undefined);
    // Work handed to a pool is in flight and computed; on the event loop the request after the
    // one being computed may get ERR ESHUTDOWN (a shutdown waits for one fib(max-n) at most).
    const expected = String(fibUnchecked(HEAVY));
    const offloaded = !['event-loop', 'cluster', 'many'].includes(variant);
    for (const r of replies) {
      assert.equal(r[0], expected, 'the request being computed is answered');
      if (offloaded) assert.equal(r[1], expected, 'in-flight requests answered');
      else assert.ok(r[1] === expected || r[1] === 'ERR ESHUTDOWN server is shutting down', String(r[1]));
    }
    assert.doesNotMatch(server.stderr, /second signal/, 'no process took the one Ctrl-C for two signals');
    assert.ok(exit !== undefined, 'exited within 30 s');
    assert.equal(exit.code, 0, `exit code (signal ${exit.signal})`);
    assert.ok(
      await waitUntil(() => groupMembers(server.pid).length === 0, 5000),
      `left behind: ${groupMembers(server.pid).join(', ')}`,
    );
    t.diagnostic(`exit ${Math.round(exit.at - sent)} ms after Ctrl-C`);
  });
}
