/**
 * `npm run soak -- --minutes N`: every TypeScript variant at once, for N minutes, under a mix of
 * well-behaved clients (pipelined, every reply checked against the exact fib(n)), fuzz (valid and
 * invalid lines in random chunks, every reply checked against what the protocol says), churn
 * (connect, maybe send, reset), floods of bad lines from clients that do not read, byte-drippers
 * (line timeout) and kills (a cluster worker, a process-pool child, a crashing pool thread).
 * Prints each server's RSS (whole process tree) and open fds once a minute, then stops them.
 *
 * Fails (exit 1) on: any wrong reply; a request left unanswered on a connection the server
 * closed (unless a kill of that server's process holding it explains it); RSS growth past
 * RSS_BOUND_MIB or fd growth past FD_BOUND after the first minute; a server that does not stop
 * within its shutdown timeout + 1 s, or exits non-zero.
 */
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { descendants } from '../dist/launch/process-tree.js';
import { serveCommand, startServer } from '../dist/launch/serve-command.js';
import { findRuntime, type Runtime } from '../dist/runtimes/registry.js';
import { findVariant, VARIANTS, type Variant } from '../dist/variants/registry.js';
import { seededRandom } from '../test/helpers/prng.js';
import { describeEnvironment, formatEnvironment } from '../ts/environment.js';
import { fibUnchecked } from '../ts/fib.js';

/** Growth allowed after the first (warm-up) minute, per server. */
const RSS_BOUND_MIB = 64;
const FD_BOUND = 16;
const SHUTDOWN_TIMEOUT_S = 5;
const CRASH_N = 33;
const MAX_N = 40;

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    seed: { type: 'string', default: '11' },
    // A subset, e.g. `--only answer,cluster` (all TypeScript variants by default).
    only: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
if (!(minutes > 0)) {
  console.error('soak: --minutes must be a positive number');
  process.exit(2);
}
const random = seededRandom(Number(values.seed));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

interface Server {
  name: string;
  pid: number;
  ports: number[];
  stop(): Promise<number | string>;
  lastKill: number;
  samples: Array<{ rssMiB: number; fds: number }>;
}

interface Tally {
  requests: number;
  answered: number;
  wrong: string[];
  lost: number;
  lostToKills: number;
  errors: Record<string, number>;
  churn: number;
  kills: number;
}

const tallies = new Map<string, Tally>();
const tallyOf = (name: string): Tally => {
  let t = tallies.get(name);
  if (t === undefined) {
    t = { requests: 0, answered: 0, wrong: [], lost: 0, lostToKills: 0, errors: {}, churn: 0, kills: 0 };
    tallies.set(name, t);
  }
  return t;
};

const deadline = performance.now() + minutes * 60_000;
const running = () => performance.now() < deadline;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One line of the fuzz (or well-behaved) stream and the reply the protocol owes it. */
function fuzzLine(wellBehaved: boolean): { text: string; expect: string | RegExp } {
  const n = random() < 0.8 ? between(0, 15) : between(16, 27);
  if (wellBehaved) return { text: `${n}\n`, expect: `${fibUnchecked(n)}` };
  return pick([
    () => ({ text: `${n}\n`, expect: `${fibUnchecked(n)}` }),
    () => ({ text: `${n}\r\n`, expect: `${fibUnchecked(n)}` }),
    () => ({ text: '\n', expect: /^ERR EINVAL / }),
    () => ({ text: `${pick(['-1', '1.5', 'abc', ' 7', '7 ', '0x10', '٣'])}\n`, expect: /^ERR EINVAL / }),
    () => ({ text: `${between(MAX_N + 1, 10_000)}\n`, expect: /^ERR ERANGE / }),
    () => ({ text: `${'9'.repeat(between(33, 300))}\n`, expect: /^ERR ETOOLONG / }),
  ])();
}

/**
 * A client session: sends lines (in random chunks, pipelined up to `depth`), checks every reply
 * in order, leaves after `ms` (waiting for what it is owed), or counts what the server dropped.
 */
async function session(server: Server, wellBehaved: boolean, ms: number): Promise<void> {
  const tally = tallyOf(server.name);
  const socket = net.connect({ port: pick(server.ports), host: '127.0.0.1' });
  socket.setNoDelay(true);
  const owed: Array<string | RegExp> = [];
  let buffered = '';
  let wake: (() => void) | undefined;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    buffered += text;
    let at = buffered.indexOf('\n');
    while (at >= 0) {
      const line = buffered.slice(0, at);
      buffered = buffered.slice(at + 1);
      at = buffered.indexOf('\n');
      const expect = owed.shift();
      tally.answered++;
      const code = /^ERR (\w+)/.exec(line)?.[1];
      if (code !== undefined) tally.errors[code] = (tally.errors[code] ?? 0) + 1;
      // A kill explains ERR EINTERNAL (the process computing it died) and, for cluster, ERR EBUSY
      // "no worker ready" (every worker was just killed); nothing else does.
      const killed = /^ERR (EINTERNAL|EBUSY) /.test(line) && performance.now() - server.lastKill < 5000;
      const ok =
        expect !== undefined &&
        (killed || (typeof expect === 'string' ? line === expect : expect.test(line)));
      if (!ok && tally.wrong.length < 20) tally.wrong.push(`${JSON.stringify(line)} for ${String(expect)}`);
    }
    wake?.();
  });
  await new Promise<void>((resolve) => {
    socket.once('connect', () => resolve());
    socket.once('close', () => resolve());
  });
  const until = performance.now() + ms;
  const depth = between(1, 8);
  while (!socket.destroyed && performance.now() < until && running()) {
    if (owed.length >= depth) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 1000);
      });
      continue;
    }
    let text = '';
    for (let i = between(1, depth - owed.length); i > 0; i--) {
      const line = fuzzLine(wellBehaved);
      text += line.text;
      owed.push(line.expect);
      tally.requests++;
    }
    // Random chunk boundaries, each its own write.
    while (text !== '') {
      const cut = wellBehaved ? text.length : between(1, text.length);
      socket.write(text.slice(0, cut));
      text = text.slice(cut);
    }
    // A soak, not a benchmark: leave the shared cores some room.
    await sleep(between(0, 10));
  }
  // Leave: wait (bounded) for what we are owed, then end our side.
  const patience = performance.now() + 30_000;
  while (owed.length > 0 && !socket.destroyed && performance.now() < patience) {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 500);
    });
  }
  if (!socket.destroyed) socket.end();
  await Promise.race([closed, sleep(10_000)]);
  socket.destroy();
  if (owed.length > 0) {
    // Lost with the process that held the connection (a killed cluster worker), or dropped.
    if (performance.now() - server.lastKill < 5000) tally.lostToKills += owed.length;
    else tally.lost += owed.length;
  }
}

/** Connect, maybe send part of a line or a request, and reset. */
function churn(server: Server): Promise<void> {
  tallyOf(server.name).churn++;
  return new Promise((resolve) => {
    const socket = net.connect({ port: pick(server.ports), host: '127.0.0.1' }, () => {
      const send = pick(['', '12', '5\n', '30\n'.repeat(4), '\n'.repeat(1000)]);
      if (send !== '') socket.write(send);
      socket.resetAndDestroy();
    });
    socket.on('error', () => {});
    socket.once('close', () => resolve());
  });
}

/** A client that floods bad lines and never reads, for a while. */
async function flood(server: Server): Promise<void> {
  const socket = net.connect({ port: pick(server.ports), host: '127.0.0.1' });
  socket.on('error', () => {});
  socket.pause();
  const chunk = Buffer.alloc(64 * 1024, '\n');
  for (let i = 0; i < 16 && !socket.destroyed; i++) {
    if (!socket.write(chunk)) await Promise.race([new Promise((r) => socket.once('drain', r)), sleep(500)]);
  }
  await sleep(between(500, 3000));
  socket.destroy();
}

/** A client that drips one byte at a time: the line timeout must close it. */
async function drip(server: Server): Promise<void> {
  const socket = net.connect({ port: pick(server.ports), host: '127.0.0.1' });
  socket.on('error', () => {});
  let text = '';
  socket.setEncoding('utf8').on('data', (t: string) => {
    text += t;
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  for (let i = 0; i < 20 && !socket.destroyed; i++) {
    socket.write('1');
    if (await Promise.race([closed.then(() => true), sleep(1000).then(() => false)])) break;
  }
  socket.destroy();
  const t = tallyOf(server.name);
  if (!/ERR ETIMEDOUT /.test(text) && text !== '' && t.wrong.length < 20)
    t.wrong.push(`drip got ${JSON.stringify(text)}`);
}

/** Kills what this variant can lose and recover from. */
async function kill(server: Server, variant: Variant): Promise<void> {
  const tally = tallyOf(server.name);
  if (variant.kind !== 'ts') return;
  // A process of the tree (a cluster worker, a process-pool child: the answer's workers too).
  if (variant.processModel === 'cluster' || variant.strategy === 'process-pool') {
    const children = descendants(server.pid);
    if (children.length === 0) return;
    server.lastKill = performance.now();
    try {
      process.kill(pick(children), 'SIGKILL');
      tally.kills++;
    } catch {
      // already gone
    }
  } else if (variant.strategy === 'pool' || variant.strategy === 'worker-per-connection') {
    // FIBLAB_TEST_CRASH_N: the thread asked for it dies mid-request; the reply is ERR EINTERNAL.
    const socket = net.connect({ port: server.ports[0] as number, host: '127.0.0.1' });
    socket.on('error', () => {});
    const reply = await new Promise<string>((resolve) => {
      socket.setEncoding('utf8').on('data', (t: string) => resolve(t));
      socket.once('close', () => resolve(''));
      socket.write(`${CRASH_N}\n`);
    });
    socket.destroy();
    tally.kills++;
    tally.requests++;
    tally.answered += reply === '' ? 0 : 1;
    if (!/^ERR EINTERNAL /.test(reply)) tally.wrong.push(`crash request got ${JSON.stringify(reply)}`);
  }
}

function treeRssMiB(pid: number): number {
  let kib = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      kib += Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kib / 1024;
}
const fdsOf = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

async function loop(what: () => Promise<void>, pauseMs: () => number): Promise<void> {
  while (running()) {
    await what();
    await sleep(pauseMs());
  }
}

console.log(formatEnvironment(describeEnvironment()));
const node = findRuntime('node') as Runtime;
const only = values.only?.split(',');
const variants = VARIANTS.filter(
  (v) => v.kind !== 'peer' && (only === undefined || only.includes(v.name)),
) as Variant[];
const servers: Array<{ server: Server; variant: Variant }> = [];
for (const variant of variants) {
  const launched = await startServer(
    await serveCommand(findVariant(variant.name) as Variant, node, {
      port: 0,
      workers: 2,
      shutdownTimeoutMs: SHUTDOWN_TIMEOUT_S * 1000,
    }),
    { env: { FIBLAB_TEST_CRASH_N: String(CRASH_N) }, stderr: 'pipe' },
  );
  servers.push({
    variant,
    server: {
      name: variant.name,
      pid: launched.pid,
      ports: launched.readiness.ports,
      stop: () => launched.stop(SHUTDOWN_TIMEOUT_S * 1000 + 1000),
      lastKill: -1e9,
      samples: [],
    },
  });
}
console.log(`soak: ${servers.length} servers, ${minutes} min, seed ${values.seed}\n`);

const work: Promise<void>[] = [];
for (const { server, variant } of servers) {
  const sequential = variant.name === 'sequential';
  for (let c = 0; c < (sequential ? 1 : 2); c++)
    work.push(
      loop(
        () => session(server, true, between(500, 4000)),
        () => 0,
      ),
    );
  work.push(
    loop(
      () => session(server, false, between(500, 3000)),
      () => between(0, 500),
    ),
  );
  work.push(
    loop(
      () => churn(server),
      () => between(5, 50),
    ),
  );
  work.push(
    loop(
      () => flood(server),
      () => between(5000, 15000),
    ),
  );
  if (!sequential)
    work.push(
      loop(
        () => drip(server),
        () => between(5000, 20000),
      ),
    );
  work.push(
    loop(
      () => kill(server, variant),
      () => between(10_000, 30_000),
    ),
  );
}

const sample = () => {
  for (const { server } of servers)
    server.samples.push({ rssMiB: treeRssMiB(server.pid), fds: fdsOf(server.pid) });
};
sample();
const sampler = setInterval(() => {
  sample();
  const minute = servers[0]?.server.samples.length ?? 0;
  console.log(
    `minute ${minute - 1}: ${servers
      .map(({ server }) => {
        const s = server.samples.at(-1);
        return `${server.name} ${s?.rssMiB.toFixed(0)} MiB ${s?.fds} fds`;
      })
      .join(' · ')}`,
  );
}, 60_000);
await Promise.all(work);
clearInterval(sampler);
sample();

const failures: string[] = [];
console.log(
  '\n| server | requests | answered | wrong | lost | lost to kills | kills | churn | RSS MiB: start → per minute | fds: start → per minute | stop |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|');
for (const { server } of servers) {
  const t = tallyOf(server.name);
  const started = performance.now();
  const code = await server.stop();
  const stopS = (performance.now() - started) / 1000;
  const s = server.samples;
  const warm = s[Math.min(1, s.length - 1)] as { rssMiB: number; fds: number };
  const peakRss = Math.max(...s.slice(1).map((x) => x.rssMiB));
  if (t.wrong.length > 0) failures.push(`${server.name}: wrong replies: ${t.wrong.slice(0, 5).join('; ')}`);
  if (t.lost > 0) failures.push(`${server.name}: ${t.lost} requests never answered`);
  if (s.length > 2 && peakRss - warm.rssMiB > RSS_BOUND_MIB)
    failures.push(
      `${server.name}: RSS grew ${(peakRss - warm.rssMiB).toFixed(0)} MiB after minute 1 (bound ${RSS_BOUND_MIB})`,
    );
  // Under load the soak itself holds connections (sequential's queue, a thread per connection):
  // a leak is what is still open once the load has stopped, against the server's start.
  const idle = s[s.length - 1] as { fds: number };
  const first = s[0] as { fds: number };
  if (s.length > 2 && idle.fds - first.fds > FD_BOUND)
    failures.push(
      `${server.name}: ${idle.fds - first.fds} more fds open after the load than at the start (bound ${FD_BOUND})`,
    );
  if (code !== 0) failures.push(`${server.name}: exit ${code} on SIGTERM`);
  if (stopS > SHUTDOWN_TIMEOUT_S + 1) failures.push(`${server.name}: stopping took ${stopS.toFixed(1)} s`);
  console.log(
    `| ${server.name} | ${t.requests} | ${t.answered} | ${t.wrong.length} | ${t.lost} | ${t.lostToKills} | ${t.kills} | ${t.churn} | ${s.map((x) => x.rssMiB.toFixed(0)).join(' → ')} | ${s.map((x) => x.fds).join(' → ')} | ${stopS.toFixed(1)} s, exit ${code} |`,
  );
}
console.log(
  `\nbounds: RSS +${RSS_BOUND_MIB} MiB after minute 1; fds +${FD_BOUND} once the load stops; stop ≤ ${SHUTDOWN_TIMEOUT_S + 1} s`,
);
if (failures.length > 0) {
  console.log(`\nFAIL\n${failures.map((f) => `- ${f}`).join('\n')}`);
  process.exit(1);
}
console.log('\nPASS');
process.exit(0);
