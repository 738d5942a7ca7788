/**
 * `npm run bench:reply-cost`: server CPU per reply, split into user and kernel (system) time,
 * for servers measured side by side in interleaved slices (ABBA order), with paired ratios
 * against the first one and their 95 % intervals. `--base DIR` adds, for each variant, the same
 * variant served by another checkout's build (`DIR/dist/cli.js`, e.g. the main branch), named
 * `<variant>@base`: a change measured against the code it changes, in one run.
 *
 *   node --import tsx bench/reply-cost.ts --servers answer,go --clients 4 --base ../main
 *
 * `--runtime bun` (or node24, deno) runs the TypeScript variants on that runtime, both builds.
 * `--serve-args='--inline-below 20'` adds flags to every TypeScript variant (both builds). A
 * server may carry flags of its own, after its name: `--servers 'answer,answer --workers 1,go'`.
 *
 * Server and load generator share the machine's cores; on a shared machine every figure is
 * noisy: read the paired ratios. Linux (/proc) only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { descendants } from '../dist/launch/process-tree.js';
import {
  type LaunchCommand,
  type RunningServer,
  serveCommand,
  startServer,
} from '../dist/launch/serve-command.js';
import { runLoad } from '../dist/load/run.js';
import { ratioFromLogRatios, roundOrder } from '../dist/stats/index.js';
import { findVariant, type Variant } from '../dist/variants/registry.js';
import { findRuntime, PROJECT_ROOT, type Runtime } from '../ts/runtimes/registry.js';

const { values } = parseArgs({
  options: {
    servers: { type: 'string', default: 'answer,event-loop,go' },
    base: { type: 'string' },
    // The JS runtime the TypeScript variants run on (node, node24, bun, deno); this Node by default.
    runtime: { type: 'string' },
    // Extra `fiblab serve` flags for every TypeScript variant, e.g. '--inline-below 20'.
    'serve-args': { type: 'string', default: '' },
    clients: { type: 'string', default: '4' },
    n: { type: 'string', default: '1' },
    slice: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '6' },
  },
});
const clients = Number(values.clients);
const n = Number(values.n);
const sliceS = Number(values.slice);
const rounds = Number(values.rounds);
const TICK_US = 10_000; // USER_HZ = 100

/** user and system CPU (µs) of a process tree so far. */
function treeCpuUs(pid: number): { user: number; system: number } {
  let user = 0;
  let system = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      user += Number(fields[11]) * TICK_US;
      system += Number(fields[12]) * TICK_US;
    } catch {
      // gone
    }
  }
  return { user, system };
}

const runtime: Runtime | 'self' | undefined =
  values.runtime === undefined ? 'self' : findRuntime(values.runtime);
if (runtime === undefined) throw new Error(`unknown runtime ${values.runtime}`);
if (runtime !== 'self' && runtime.binary() === undefined)
  throw new Error(`runtime ${runtime.name} is not installed (npm run runtimes:install)`);

const commands = new Map<string, LaunchCommand>();
// A server is a variant, optionally with flags of its own: `answer --workers 1` is a server of
// its own name beside `answer` (a change that is only a flag, measured against the default).
for (const name of (values.servers as string).split(',')) {
  const [variantName = '', ...ownFlags] = name.split(' ').filter((arg) => arg !== '');
  const variant = findVariant(variantName) as Variant | undefined;
  if (variant === undefined) throw new Error(`unknown variant ${variantName}`);
  const extra = [...(values['serve-args'] as string).split(' ').filter((arg) => arg !== ''), ...ownFlags];
  const serveArgs = ['serve', variantName, '--port', '0', ...extra];
  const fromCli = (root: string): LaunchCommand =>
    runtime === 'self'
      ? { command: process.execPath, args: [join(root, 'dist', 'cli.js'), ...serveArgs], env: {} }
      : {
          command: runtime.binary() as string,
          args: [...runtime.launchArgs(join(root, 'dist', 'cli.js')), ...serveArgs],
          env: { ...runtime.env },
        };
  const own = variant.kind === 'ts' && extra.length > 0;
  commands.set(name, own ? fromCli(PROJECT_ROOT) : await serveCommand(variant, runtime, { port: 0 }));
  if (values.base !== undefined && variant.kind === 'ts') commands.set(`${name}@base`, fromCli(values.base));
}
const names = [...commands.keys()];

interface SliceFigures {
  reqPerSec: number;
  userUs: number;
  systemUs: number;
}
const slices = new Map<string, SliceFigures[]>(names.map((name) => [name, []]));
const servers = new Map<string, RunningServer>();
try {
  for (const name of names) {
    const server = await startServer(commands.get(name) as LaunchCommand, { stderr: 'inherit' });
    servers.set(name, server);
    // What each server decided at start (e.g. its inlineBelow): which n it answers on its loop.
    const facts = Object.entries(server.readiness.extra).map(([key, value]) => `${key}=${value}`);
    console.log(`${name}: ${facts.join(' ')}`);
    await runLoad({ groups: [{ n, clients }], ports: server.readiness.ports, warmupS: 0, durationS: 1 });
  }
  console.log(
    `n=${n}, ${clients} closed-loop clients, ${rounds} rounds of ${sliceS} s slices (noisy, shared machine)`,
  );
  for (let round = 0; round < rounds; round++) {
    for (const name of roundOrder(names, round)) {
      const server = servers.get(name) as RunningServer;
      const before = treeCpuUs(server.pid);
      const report = await runLoad({
        groups: [{ n, clients }],
        ports: server.readiness.ports,
        warmupS: 0,
        durationS: sliceS,
      });
      const after = treeCpuUs(server.pid);
      if (report.total.wrongAnswers > 0) throw new Error(`${name}: wrong answers`);
      const replies = report.total.requests;
      slices.get(name)?.push({
        reqPerSec: report.total.reqPerSec,
        userUs: (after.user - before.user) / replies,
        systemUs: (after.system - before.system) / replies,
      });
    }
    process.stdout.write(`round ${round + 1}/${rounds}\r`);
  }
} finally {
  for (const server of servers.values()) await server.stop(5000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const fmt = (x: number, digits = 1) => x.toFixed(digits);
const cpuOf = (s: SliceFigures) => s.userUs + s.systemUs;
const reference = names[0] as string;
const ratio = (name: string, figure: (s: SliceFigures) => number, over = reference) => {
  const a = slices.get(name) as SliceFigures[];
  const b = slices.get(over) as SliceFigures[];
  const r = ratioFromLogRatios(a.map((s, i) => Math.log(figure(s) / figure(b[i] as SliceFigures))));
  const interval = r.interval ? ` (${fmt(r.interval.low, 2)}–${fmt(r.interval.high, 2)})` : '';
  return `${fmt(r.estimate, 2)}×${interval}`;
};
console.log(
  `\n| server | req/s | CPU µs/reply | user | kernel | CPU/reply ÷ ${reference} | req/s ÷ ${reference} |\n|---|--:|--:|--:|--:|--:|--:|`,
);
for (const name of names) {
  const s = slices.get(name) as SliceFigures[];
  console.log(
    `| ${name} | ${Math.round(median(s.map((x) => x.reqPerSec)))} | ${fmt(median(s.map(cpuOf)))} | ${fmt(median(s.map((x) => x.userUs)))} | ${fmt(median(s.map((x) => x.systemUs)))} | ${name === reference ? '' : ratio(name, cpuOf)} | ${name === reference ? '' : ratio(name, (x) => x.reqPerSec)} |`,
  );
}
// Each variant against its own base build: the change itself, paired round by round.
for (const name of names.filter((x) => slices.has(`${x}@base`))) {
  console.log(
    `${name} ÷ ${name}@base: CPU/reply ${ratio(name, cpuOf, `${name}@base`)}, user ${ratio(name, (x) => x.userUs, `${name}@base`)}, req/s ${ratio(name, (x) => x.reqPerSec, `${name}@base`)}`,
  );
}
