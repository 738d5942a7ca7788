/**
 * Cross-check: is `fiblab load --http` measuring what a load generator nobody here wrote measures?
 * Runs autocannon (npm) — and oha, if an `oha` binary is found — and `fiblab load --http` against
 * the same server, same connection count, no pipelining, each with the same warm-up, interleaved
 * round by round (the order reversed every other round), and prints fiblab ÷ autocannon with its
 * 95 % interval per cell (connections × n). Target: within ±15 %; where it is not, the CPU columns
 * say who was the bottleneck: the server's process tree and each generator are read from /proc
 * while they run (a generator's CPU is its own process's; autocannon runs on one thread).
 *
 *   npm run bench:autocannon -- [--variant event-loop] [--connections 1,8] [--n 1,22]
 *                               [--duration 5s] [--warmup 1s] [--rounds 3]
 *
 * oha: found on the PATH, in ~/.cargo/bin, or at $FIBLAB_OHA. Every process started here is stopped
 * by PID (the server: SIGTERM, then SIGKILL; a generator that outlives its bound: SIGKILL).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { durationFlag, integerFlag, listFlag } from '../ts/cli/values.js';
import { describeEnvironment, formatEnvironment } from '../ts/environment.js';
import { treeCpuMs } from '../ts/launch/process-tree.js';
import { CLI_PATH, serveCommand, startServer } from '../ts/launch/serve-command.js';
import { markdownTable } from '../ts/render/table.js';
import { findRuntime, type Runtime } from '../ts/runtimes/registry.js';
import { formatRatio, ratioFromLogRatios } from '../ts/stats/index.js';
import { findVariant } from '../ts/variants/registry.js';

const { values } = parseArgs({
  options: {
    variant: { type: 'string', default: 'event-loop' },
    connections: { type: 'string', default: '1,8' },
    n: { type: 'string', default: '1,22' },
    duration: { type: 'string', default: '5s' },
    warmup: { type: 'string', default: '1s' },
    rounds: { type: 'string', default: '3' },
  },
});
const DURATION_S = durationFlag('duration', values.duration);
const WARMUP_S = durationFlag('warmup', values.warmup, { allowZero: true });
const ROUNDS = integerFlag('rounds', values.rounds, 1, 100);
const CONNECTIONS = listFlag('connections', values.connections).map((c) =>
  integerFlag('connections', c, 1, 1000),
);
const NS = listFlag('n', values.n).map((n) => integerFlag('n', n, 0, 40));
const TARGET = 0.15;
/** One generator run may take warm-up + duration + this; past it, it is killed and the run fails. */
const MARGIN_MS = 20_000;
const CORES = os.availableParallelism();

/** autocannon's CLI, resolved like `require('autocannon')` (node_modules, or NODE_PATH). */
function autocannonCli(): string {
  try {
    return createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  } catch {
    throw new Error('autocannon is not installed: npm install (it is a devDependency)');
  }
}

function ohaBinary(): string | undefined {
  const candidates = [
    process.env.FIBLAB_OHA,
    ...(process.env.PATH ?? '').split(':').map((dir) => join(dir, 'oha')),
    join(os.homedir(), '.cargo/bin/oha'),
  ];
  return candidates.find((path) => path !== undefined && existsSync(path));
}

interface Cell {
  connections: number;
  n: number;
}

/** The machine's busy CPU time so far, ms over all cores (/proc/stat: everything but idle and iowait). */
function machineBusyMs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'latin1').split('\n')[0] as string;
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (user + nice + system + irq + softirq + steal) * 10; // USER_HZ = 100 on Linux: 10 ms a tick
  } catch {
    return undefined;
  }
}

/** One generator's run: its rate, and CPU over its measured window (% of one core). */
interface Run {
  reqPerSec: number;
  serverCpu: number | null;
  generatorCpu: number | null;
  /** The whole machine, % of one core (all processes: server, generator and anything else running). */
  machineCpu: number | null;
  /** fiblab load only: its busiest worker thread's event-loop utilisation. */
  busiestLoop?: number;
}

interface Tool {
  name: string;
  /** Command lines to run in turn; the last one's stdout is parsed (earlier ones warm up). */
  commands(port: number, cell: Cell): string[][];
  parse(stdout: string): { reqPerSec: number; busiestLoop?: number };
  /** Seconds into the last command when its measured window opens. */
  windowOpensS: number;
}

const fiblab: Tool = {
  name: 'fiblab load --http',
  commands: (port, { connections, n }) => [
    [process.execPath, CLI_PATH, 'load', '--http', `127.0.0.1:${port}`, '-c', String(connections)].concat([
      '--n',
      String(n),
      '--duration',
      `${DURATION_S}s`,
      '--warmup',
      `${WARMUP_S}s`,
      '--json',
    ]),
  ],
  parse(stdout) {
    const report = JSON.parse(stdout);
    const { total } = report;
    if (total.wrongAnswers > 0 || total.errors > 0 || total.notServed > 0) {
      throw new Error(
        `fiblab load: ${total.wrongAnswers} wrong, ${total.errors} errors, ${total.notServed} not served`,
      );
    }
    return {
      reqPerSec: total.reqPerSec,
      busiestLoop: Math.max(...report.loadGenerator.eventLoopUtilization),
    };
  },
  windowOpensS: WARMUP_S,
};

const autocannon = (cli: string): Tool => ({
  name: 'autocannon',
  commands: (port, { connections, n }) => [
    [process.execPath, cli, '-c', String(connections), '-p', '1', '-d', String(DURATION_S), '-j']
      .concat(WARMUP_S > 0 ? ['--warmup', '[', '-c', String(connections), '-d', String(WARMUP_S), ']'] : [])
      .concat([`http://127.0.0.1:${port}/fib/${n}`]),
  ],
  parse(stdout) {
    // With a warm-up it prints two JSON lines: the warm-up's, then the measured run's.
    const result = JSON.parse(stdout.trim().split('\n').pop() as string);
    if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
      throw new Error(
        `autocannon: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
      );
    }
    const seconds = (Date.parse(result.finish) - Date.parse(result.start)) / 1000;
    return { reqPerSec: result.requests.total / seconds };
  },
  windowOpensS: WARMUP_S,
});

const oha = (binary: string): Tool => ({
  name: 'oha',
  // oha has no warm-up of its own: a first run for the warm-up, then the measured one.
  commands: (port, { connections, n }) => {
    const run = (seconds: number) =>
      [binary, '-c', String(connections), '-z', `${seconds}s`, '--no-tui'].concat([
        '--output-format',
        'json',
        `http://127.0.0.1:${port}/fib/${n}`,
      ]);
    return WARMUP_S > 0 ? [run(WARMUP_S), run(DURATION_S)] : [run(DURATION_S)];
  },
  parse(stdout) {
    const result = JSON.parse(stdout);
    const codes = result.statusCodeDistribution ?? {};
    const bad = Object.entries(codes).filter(([code]) => code !== '200');
    if (bad.length > 0) throw new Error(`oha: status codes ${JSON.stringify(codes)}`);
    return { reqPerSec: result.summary.requestsPerSec };
  },
  windowOpensS: 0,
});

/** Runs argv to completion (bounded), sampling its and the server's CPU every 100 ms. */
function runSampled(
  argv: string[],
  serverPid: number,
  windowOpensS: number,
): Promise<{
  stdout: string;
  serverCpu: number | null;
  generatorCpu: number | null;
  machineCpu: number | null;
}> {
  const [command, ...args] = argv as [string, ...string[]];
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  const started = performance.now();
  const samples: Array<{
    at: number;
    server: number | undefined;
    generator: number | undefined;
    machine: number | undefined;
  }> = [];
  const sampler = setInterval(() => {
    samples.push({
      at: performance.now(),
      machine: machineBusyMs(),
      server: treeCpuMs(serverPid),
      generator: treeCpuMs(child.pid as number),
    });
  }, 100);
  const limit = setTimeout(() => child.kill('SIGKILL'), (WARMUP_S + DURATION_S) * 1000 + MARGIN_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(limit);
      if (code !== 0) {
        reject(
          new Error(`${argv.slice(0, 3).join(' ')} … exited ${signal ?? code}: ${stderr.trim().slice(-300)}`),
        );
        return;
      }
      // The measured window: from its opening (plus a margin for start-up) to the last sample before the end.
      const from = started + (windowOpensS + 0.3) * 1000;
      const inside = samples.filter(
        (s) => s.at >= from && s.server !== undefined && s.generator !== undefined,
      );
      const first = inside[0];
      const last = inside[inside.length - 1];
      const pct = (pick: (s: (typeof samples)[number]) => number | undefined) =>
        first === undefined || last === undefined || last.at - first.at < 200
          ? null
          : (((pick(last) as number) - (pick(first) as number)) / (last.at - first.at)) * 100;
      resolve({
        stdout,
        serverCpu: pct((s) => s.server),
        generatorCpu: pct((s) => s.generator),
        machineCpu: pct((s) => s.machine),
      });
    });
  });
}

async function measure(tool: Tool, port: number, serverPid: number, cell: Cell): Promise<Run> {
  const commands = tool.commands(port, cell);
  let last: Awaited<ReturnType<typeof runSampled>> | undefined;
  for (const [i, argv] of commands.entries()) {
    last = await runSampled(argv, serverPid, i === commands.length - 1 ? tool.windowOpensS : 0);
  }
  const done = last as Awaited<ReturnType<typeof runSampled>>;
  return {
    ...tool.parse(done.stdout),
    serverCpu: done.serverCpu,
    generatorCpu: done.generatorCpu,
    machineCpu: done.machineCpu,
  };
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v)} %`);
const int = (v: number) => Math.round(v).toLocaleString('en-US');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const medianOf = (runs: Run[], pick: (r: Run) => number | null | undefined) => {
  const xs = runs.map(pick).filter((v): v is number => typeof v === 'number');
  return xs.length === 0 ? null : median(xs);
};

/** A generator's own CPU per request, µs (median over rounds): what it costs to drive the server. */
function usPerRequest(runs: Run[]): string {
  const us = medianOf(runs, (r) =>
    r.generatorCpu === null ? null : (r.generatorCpu * 10_000) / r.reqPerSec,
  );
  return us === null ? '—' : us.toFixed(1);
}

/** Who set the pace, from the CPU each side used (see the file comment). */
function bottleneck(runs: Map<string, Run[]>, serverThreads: number | undefined): string {
  const parts: string[] = [];
  for (const [name, list] of runs) {
    const cpu = medianOf(list, (r) => r.generatorCpu);
    const loop = medianOf(list, (r) => r.busiestLoop);
    const server = medianOf(list, (r) => r.serverCpu);
    const generatorFull =
      name === 'autocannon' ? (cpu ?? 0) >= 90 : name.startsWith('fiblab') ? (loop ?? 0) >= 0.9 : false;
    const serverFull = serverThreads !== undefined && (server ?? 0) >= 90 * serverThreads;
    const machine = medianOf(list, (r) => r.machineCpu);
    const others = machine === null ? null : Math.max(0, machine - (server ?? 0) - (cpu ?? 0));
    const machineFull = (machine ?? 0) >= 90 * CORES;
    const who = [
      generatorFull ? `${name} saturated` : '',
      serverFull ? 'server saturated' : '',
      machineFull
        ? `machine saturated (${pct(machine)} of ${CORES * 100} %, other processes ${pct(others)})`
        : '',
    ].filter(Boolean);
    parts.push(`${name}: ${who.length > 0 ? who.join(', ') : `none saturated (machine ${pct(machine)})`}`);
  }
  return parts.join('; ');
}

const variant = findVariant(values.variant);
if (variant === undefined) throw new Error(`unknown variant ${values.variant}`);
// Servers whose every request runs on one thread: 100 % of a core is their ceiling.
const serverThreads =
  variant.kind === 'ts' && variant.processModel !== 'cluster' && variant.processModel !== 'many'
    ? variant.strategy === 'inline' || variant.strategy === 'native-sync'
      ? 1
      : undefined
    : undefined;
const tools: Tool[] = [fiblab, autocannon(autocannonCli())];
const ohaPath = ohaBinary();
if (ohaPath !== undefined) tools.push(oha(ohaPath));

const server = await startServer(
  await serveCommand(variant, findRuntime('node') as Runtime, { port: 0, transport: 'http' }),
);
// Interrupted: stop the server (by PID) before leaving; a generator child dies with its SIGINT/ours.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.stop().finally(() => process.exit(130));
  });
}
try {
  process.stdout.write(
    `${formatEnvironment(describeEnvironment())}\nserver   ${variant.name} --transport http, pid ${server.pid}, port ${server.readiness.port}\n` +
      `load     ${tools.map((t) => t.name).join(', ')}: ${ROUNDS} rounds, each ${WARMUP_S} s warm-up + ${DURATION_S} s, interleaved\n` +
      (ohaPath === undefined ? 'oha      not found (PATH, ~/.cargo/bin, $FIBLAB_OHA): left out\n' : '') +
      '\n',
  );
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const connections of CONNECTIONS) {
    for (const n of NS) {
      const cell = { connections, n };
      const runs = new Map<string, Run[]>(tools.map((t) => [t.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? tools : [...tools].reverse();
        for (const tool of order) {
          const run = await measure(tool, server.readiness.port, server.pid, cell);
          runs.get(tool.name)?.push(run);
          process.stderr.write(
            `  c=${connections} n=${n} round ${round + 1}: ${tool.name} ${int(run.reqPerSec)} req/s\n`,
          );
        }
      }
      const mine = runs.get(fiblab.name) as Run[];
      for (const other of tools.slice(1)) {
        const theirs = runs.get(other.name) as Run[];
        const ratio = ratioFromLogRatios(
          mine.map((m, i) => Math.log(m.reqPerSec / (theirs[i] as Run).reqPerSec)),
        );
        const within = Math.abs(ratio.estimate - 1) <= TARGET;
        rows.push([
          `${connections}`,
          `${n}`,
          int(medianOf(mine, (r) => r.reqPerSec) ?? 0),
          `${other.name} ${int(medianOf(theirs, (r) => r.reqPerSec) ?? 0)}`,
          formatRatio(ratio),
          within ? 'yes' : 'no',
          `${pct(medianOf(mine, (r) => r.serverCpu))} / ${pct(medianOf(theirs, (r) => r.serverCpu))}`,
          `${pct(medianOf(mine, (r) => r.generatorCpu))} (loop ${Math.round((medianOf(mine, (r) => r.busiestLoop) ?? 0) * 100)} %) / ${pct(medianOf(theirs, (r) => r.generatorCpu))}`,
          `${pct(medianOf(mine, (r) => r.machineCpu))} / ${pct(medianOf(theirs, (r) => r.machineCpu))}`,
          `${usPerRequest(mine)} / ${usPerRequest(theirs)}`,
        ]);
        if (!within) {
          const pair = new Map([
            [fiblab.name, mine],
            [other.name, theirs],
          ]);
          notes.push(
            `c=${connections} n=${n}, fiblab ÷ ${other.name} ${formatRatio(ratio)}: ${bottleneck(pair, serverThreads)}`,
          );
        }
      }
    }
  }
  process.stdout.write(
    `${markdownTable({
      header: [
        'connections',
        'n',
        'fiblab load --http req/s',
        'other req/s',
        'fiblab ÷ other (95 % interval)',
        `within ±${TARGET * 100} %`,
        'server CPU (fiblab / other runs)',
        'generator CPU (fiblab / other)',
        `machine CPU of ${CORES * 100} % (fiblab / other runs)`,
        'generator CPU µs per request (fiblab / other)',
      ],
      rows,
      align: ['r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r'],
    })}\n`,
  );
  process.stdout.write(
    `\nCPU: % of one core over each measured window (medians of the rounds); ${CORES} cores shared by server and generator.\n`,
  );
  if (notes.length > 0)
    process.stdout.write(`\nOutside ±${TARGET * 100} %:\n${notes.map((n) => `  - ${n}`).join('\n')}\n`);
} finally {
  await server.stop();
}
