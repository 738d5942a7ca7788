/**
 * Validation of the open loop against a generator nobody here wrote: `fiblab load --http --rate R`
 * and oha at the same fixed rate with its latency correction (`-q R --latency-correction`), same
 * connections, same server, interleaved round by round (the order reversed every other round),
 * paired per round. Prints fiblab ÷ oha at p50 and p99 with 95 % intervals, per server and rate;
 * the target is agreement within ±20 %.
 *
 *   npm run bench:oha -- [--variants event-loop,go] [--rates 1000,10000] [--connections 8]
 *                        [--duration 5s] [--warmup 1s] [--rounds 3] [--n 1]
 *                        [--server-cpus 0 --load-cpus 1]
 *
 * Like is compared with like. oha's correction starts each latency when its rate ticker woke
 * (tokio, whole-millisecond timers: `Instant::now()` after `sleep_until`) and sent that instant
 * down a channel to the next free connection, so its own timer lag is left out; fiblab's
 * `fromDispatchUs` starts at the same point (the ticker's wake-up handing the request over), and
 * the agreement is judged on it. fiblab's headline latency starts earlier, at the intended time
 * (wrk2's definition: its own lag is in it, and reported beside it); that figure is shown too.
 * Both count the wait behind a busy connection. oha: $FIBLAB_OHA,
 * .cache/oha/bin/oha (`cargo install oha --locked --root .cache/oha`), the PATH or ~/.cargo/bin.
 * Every process started here is stopped by PID (servers: SIGTERM then SIGKILL; a generator that
 * outlives its bound: SIGKILL).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { durationFlag, integerFlag, listFlag } from '../ts/cli/values.js';
import { describeEnvironment, formatEnvironment } from '../ts/environment.js';
import { runBounded } from '../ts/launch/run-bounded.js';
import { CLI_PATH, serveCommand, startServer } from '../ts/launch/serve-command.js';
import { markdownTable } from '../ts/render/table.js';
import { findRuntime, type Runtime } from '../ts/runtimes/registry.js';
import { formatRatio, ratioFromLogRatios } from '../ts/stats/index.js';
import { findVariant } from '../ts/variants/registry.js';
import { PINNING_OPTIONS, pinningFromFlags } from './pinning.js';

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: 'event-loop,go' },
    rates: { type: 'string', default: '1000,10000' },
    connections: { type: 'string', default: '8' },
    duration: { type: 'string', default: '5s' },
    warmup: { type: 'string', default: '1s' },
    rounds: { type: 'string', default: '3' },
    n: { type: 'string', default: '1' },
    ...PINNING_OPTIONS,
  },
});
const DURATION_S = durationFlag('duration', values.duration);
const WARMUP_S = durationFlag('warmup', values.warmup, { allowZero: true });
const ROUNDS = integerFlag('rounds', values.rounds, 1, 100);
const CONNECTIONS = integerFlag('connections', values.connections, 1, 1000);
const N = integerFlag('n', values.n, 0, 40);
const RATES = listFlag('rates', values.rates).map((r) => integerFlag('rates', r, 1, 1_000_000));
const VARIANTS = listFlag('variants', values.variants);
const PINS = pinningFromFlags(values['server-cpus'], values['load-cpus']);
const TARGET = 0.2;
/** One generator run may take warm-up + duration + this; past it, it is killed and the run fails. */
const MARGIN_MS = 20_000;

function ohaBinary(): string | undefined {
  const candidates = [
    process.env.FIBLAB_OHA,
    join(process.cwd(), '.cache/oha/bin/oha'),
    ...(process.env.PATH ?? '').split(':').map((dir) => join(dir, 'oha')),
    join(os.homedir(), '.cargo/bin/oha'),
  ];
  return candidates.find((path) => path !== undefined && existsSync(path));
}

/**
 * Runs argv to completion on the load CPUs when pinned (bounded, stopped by PID); resolves with
 * its stdout, rejects with its stderr's tail.
 */
async function run(argv: string[]): Promise<string> {
  const [plain, ...plainArgs] = argv as [string, ...string[]];
  const { command, args } = PINS.load(plain, plainArgs);
  const result = await runBounded(command, args, (WARMUP_S + DURATION_S) * 1000 + MARGIN_MS);
  if (result.code === 0) return result.stdout;
  throw new Error(
    `${argv.slice(0, 3).join(' ')} … exited ${result.signal ?? result.code}: ${result.stderr.trim().slice(-300)}`,
  );
}

/**
 * One generator's figures for one run (µs): p50 and p99 from the dispatch (oha's definition), the
 * rate it sent; fiblab's also from the intended time and its own lag.
 */
interface Figures {
  p50: number;
  p99: number;
  sentPerSec: number;
  intendedP50?: number;
  intendedP99?: number;
  lagP50?: number;
  lagP99?: number;
}

async function fiblab(port: number, rate: number): Promise<Figures> {
  const stdout = await run([
    process.execPath,
    CLI_PATH,
    'load',
    '--http',
    `127.0.0.1:${port}`,
    '-c',
    String(CONNECTIONS),
    '--n',
    String(N),
    '--rate',
    String(rate),
    '--duration',
    `${DURATION_S}s`,
    '--warmup',
    `${WARMUP_S}s`,
    '--json',
  ]);
  const group = JSON.parse(stdout).groups[0];
  if (group.wrongAnswers > 0 || group.errors > 0)
    throw new Error(`fiblab load: ${group.wrongAnswers} wrong, ${group.errors} errors`);
  return {
    p50: group.openLoop.fromDispatchUs.p50,
    p99: group.openLoop.fromDispatchUs.p99,
    sentPerSec: group.openLoop.achievedRate,
    intendedP50: group.latencyUs.p50,
    intendedP99: group.latencyUs.p99,
    lagP50: group.openLoop.generatorLagUs.p50,
    lagP99: group.openLoop.generatorLagUs.p99,
  };
}

async function oha(binary: string, port: number, rate: number): Promise<Figures> {
  const argv = (seconds: number) => [
    binary,
    '-c',
    String(CONNECTIONS),
    '-q',
    String(rate),
    '--latency-correction',
    '-z',
    `${seconds}s`,
    '--no-tui',
    // Pinned, one tokio thread per load CPU, as fiblab's generator takes one worker per CPU it may
    // use; oha's default (every physical core) would put two threads on one core.
    ...(PINS.loadCpuCount === undefined ? [] : ['--worker-threads', String(PINS.loadCpuCount)]),
    '--output-format',
    'json',
    `http://127.0.0.1:${port}/fib/${N}`,
  ];
  // oha has no warm-up of its own: a first run for the warm-up, then the measured one.
  if (WARMUP_S > 0) await run(argv(WARMUP_S));
  const result = JSON.parse(await run(argv(DURATION_S)));
  const codes = result.statusCodeDistribution ?? {};
  const bad = Object.keys(codes).filter((code) => code !== '200');
  if (bad.length > 0) throw new Error(`oha: status codes ${JSON.stringify(codes)}`);
  return {
    p50: result.latencyPercentiles.p50 * 1e6,
    p99: result.latencyPercentiles.p99 * 1e6,
    sentPerSec: result.summary.requestsPerSec,
  };
}

const us = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${Math.round(x)} µs`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const ohaPath = ohaBinary();
if (ohaPath === undefined) {
  process.stderr.write(
    'oha not found ($FIBLAB_OHA, .cache/oha/bin, PATH, ~/.cargo/bin): cargo install oha --locked --root .cache/oha\n',
  );
  process.exitCode = 2;
} else {
  process.stdout.write(
    `${formatEnvironment(describeEnvironment())}\n` +
      `load     fiblab load --http --rate R and oha -q R --latency-correction (${await run([
        ohaPath,
        '--version',
      ])
        .then((v) => v.trim())
        .catch(() => 'oha')}), ${CONNECTIONS} connections, n=${N}; ` +
      `${ROUNDS} rounds of ${WARMUP_S} s warm-up + ${DURATION_S} s each, interleaved; ${PINS.describe}\n\n`,
  );
  const rows: string[][] = [];
  for (const name of VARIANTS) {
    const variant = findVariant(name);
    if (variant === undefined) throw new Error(`unknown variant ${name}`);
    const launch = await serveCommand(variant, findRuntime('node') as Runtime, {
      port: 0,
      transport: 'http',
    });
    const server = await startServer({ ...launch, ...PINS.server(launch.command, launch.args) });
    try {
      const port = server.readiness.port;
      for (const rate of RATES) {
        const mine: Figures[] = [];
        const theirs: Figures[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const order = round % 2 === 0 ? ['fiblab', 'oha'] : ['oha', 'fiblab'];
          for (const tool of order) {
            const f = tool === 'fiblab' ? await fiblab(port, rate) : await oha(ohaPath, port, rate);
            (tool === 'fiblab' ? mine : theirs).push(f);
            process.stderr.write(
              `  ${name} ${rate}/s round ${round + 1}: ${tool} p50 ${us(f.p50)} p99 ${us(f.p99)}\n`,
            );
          }
        }
        const ratio = (pick: (f: Figures) => number) =>
          ratioFromLogRatios(mine.map((m, i) => Math.log(pick(m) / pick(theirs[i] as Figures))));
        const p50 = ratio((f) => f.p50);
        const p99 = ratio((f) => f.p99);
        const within = (r: typeof p50) => (Math.abs(r.estimate - 1) <= TARGET ? 'yes' : 'no');
        rows.push([
          name,
          rate.toLocaleString('en-US'),
          `${us(median(mine.map((f) => f.p50)))} / ${us(median(theirs.map((f) => f.p50)))}`,
          `${formatRatio(p50)} ${within(p50)}`,
          `${us(median(mine.map((f) => f.p99)))} / ${us(median(theirs.map((f) => f.p99)))}`,
          `${formatRatio(p99)} ${within(p99)}`,
          `${us(median(mine.map((f) => f.intendedP50 ?? 0)))} / ${us(median(mine.map((f) => f.intendedP99 ?? 0)))}`,
          `${us(median(mine.map((f) => f.lagP50 ?? 0)))} / ${us(median(mine.map((f) => f.lagP99 ?? 0)))}`,
          `${Math.round(median(mine.map((f) => f.sentPerSec)))} / ${Math.round(median(theirs.map((f) => f.sentPerSec)))}`,
        ]);
      }
    } finally {
      await server.stop();
    }
  }
  process.stdout.write(
    `${markdownTable({
      header: [
        'server',
        'rate /s',
        'p50 fiblab / oha',
        `p50 fiblab ÷ oha (±${TARGET * 100} %?)`,
        'p99 fiblab / oha',
        `p99 fiblab ÷ oha (±${TARGET * 100} %?)`,
        'fiblab from intended p50 / p99',
        'fiblab lag p50 / p99',
        'sent /s fiblab / oha',
      ],
      rows,
      align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    })}\n\nMedians of the rounds; ratios are paired per round, 95 % intervals. p50 and p99 run from the dispatch ` +
      "(the generator's clock handing the request over), as oha's --latency-correction measures; fiblab's own " +
      'figures run from the intended time (its lag inside). A shared machine: noisy.\n',
  );
}
