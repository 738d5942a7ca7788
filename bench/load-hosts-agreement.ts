/**
 * Does splitting the load over hosts change what is measured? The same clients against the same
 * server, from one generator and from two `--load-host local` parts (each its own process, one
 * agreed start, figures merged exactly), interleaved round by round (order reversed every other
 * round) and paired per round. Prints two-hosts ÷ one of req/s and p99 with 95 % intervals: `~`
 * where the interval holds 1, i.e. the same figure within what this run can tell.
 *
 *   npm run bench:load-hosts -- [--variant event-loop] [--clients 4] [--n 1] [--duration 2s]
 *                               [--warmup 0.5s] [--rounds 8] [--server-cpus 0 --load-cpus 1]
 *
 * Unpinned, both sides share this machine's cores with the server, and two local parts are two
 * processes where one generator is one: the extra process takes CPU from the server it measures.
 * With --server-cpus and --load-cpus (Linux, taskset) the server runs on its CPUs and every
 * generator process on the others, so the two sides differ only in how many processes share the
 * load's CPUs, as separate load machines would not. The server is stopped by PID.
 */
import { parseArgs } from 'node:util';
import { durationFlag, integerFlag } from '../ts/cli/values.js';
import { describeEnvironment, formatEnvironment } from '../ts/environment.js';
import { type BoundedResult, runBounded } from '../ts/launch/run-bounded.js';
import { CLI_PATH, serveCommand, startServer } from '../ts/launch/serve-command.js';
import { markdownTable } from '../ts/render/table.js';
import { findRuntime, type Runtime } from '../ts/runtimes/registry.js';
import { formatRatio, ratioFromLogRatios } from '../ts/stats/index.js';
import { findVariant } from '../ts/variants/registry.js';
import { PINNING_OPTIONS, pinningFromFlags } from './pinning.js';

const { values } = parseArgs({
  options: {
    variant: { type: 'string', default: 'event-loop' },
    clients: { type: 'string', default: '4' },
    n: { type: 'string', default: '1' },
    duration: { type: 'string', default: '2s' },
    warmup: { type: 'string', default: '0.5s' },
    rounds: { type: 'string', default: '8' },
    ...PINNING_OPTIONS,
  },
});
const CLIENTS = integerFlag('clients', values.clients, 2, 1000);
const N = integerFlag('n', values.n, 0, 40);
const DURATION_S = durationFlag('duration', values.duration);
const WARMUP_S = durationFlag('warmup', values.warmup, { allowZero: true });
const ROUNDS = integerFlag('rounds', values.rounds, 2, 100);
const variant = findVariant(values.variant);
if (variant === undefined) throw new Error(`unknown variant ${values.variant}`);
const pins = pinningFromFlags(values['server-cpus'], values['load-cpus']);

interface Figures {
  reqPerSec: number;
  p99: number;
}

/** `node dist/cli.js args` (on the load CPUs when pinned: its parts and threads inherit them), bounded, stopped by PID. */
function runLoad(args: string[], timeoutMs: number): Promise<BoundedResult> {
  const { command, args: argv } = pins.load(process.execPath, [CLI_PATH, ...args]);
  return runBounded(command, argv, timeoutMs);
}

async function measure(port: number, hosts: boolean): Promise<Figures> {
  const args = ['load', `127.0.0.1:${port}`, '-c', String(CLIENTS), '--n', String(N)];
  args.push('--duration', `${DURATION_S}s`, '--warmup', `${WARMUP_S}s`, '--json');
  if (hosts) args.push('--load-host', 'local', '--load-host', 'local');
  const result = await runLoad(args, (WARMUP_S + DURATION_S) * 1000 + 30_000);
  if (result.code !== 0)
    throw new Error(`fiblab ${args.join(' ')}: exit ${result.code}: ${result.stderr.trim()}`);
  const report = JSON.parse(result.stdout);
  if (report.total.wrongAnswers > 0) throw new Error('wrong answers');
  return { reqPerSec: report.total.reqPerSec, p99: report.total.latencyUs.p99 };
}

process.stdout.write(
  `${formatEnvironment(describeEnvironment())}\nload     ${variant.name}, ${CLIENTS} clients, n=${N}: one generator vs ` +
    `two --load-host local parts; ${ROUNDS} rounds of ${WARMUP_S} s warm-up + ${DURATION_S} s each, interleaved; ${pins.describe}\n\n`,
);
const launch = await serveCommand(variant, findRuntime('node') as Runtime, { port: 0 });
const server = await startServer({ ...launch, ...pins.server(launch.command, launch.args) });
const one: Figures[] = [];
const two: Figures[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const hosts of round % 2 === 0 ? [false, true] : [true, false]) {
      const f = await measure(server.readiness.port, hosts);
      (hosts ? two : one).push(f);
      process.stderr.write(
        `  round ${round + 1} ${hosts ? 'two hosts' : 'one generator'}: ${Math.round(f.reqPerSec)} req/s, p99 ${f.p99} µs\n`,
      );
    }
  }
} finally {
  await server.stop();
}
const ratio = (pick: (f: Figures) => number) =>
  ratioFromLogRatios(two.map((t, i) => Math.log(pick(t) / pick(one[i] as Figures))));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const rows = [
  ['req/s', (f: Figures) => f.reqPerSec],
  ['p99 µs', (f: Figures) => f.p99],
] as const;
process.stdout.write(
  `${markdownTable({
    header: ['figure', 'one generator', 'two load hosts', 'two ÷ one'],
    rows: rows.map(([name, pick]) => [
      name,
      String(Math.round(median(one.map(pick)))),
      String(Math.round(median(two.map(pick)))),
      formatRatio(ratio(pick)),
    ]),
    align: ['l', 'r', 'r', 'r'],
  })}\n\nMedians of the rounds; two ÷ one is paired per round with its 95 % interval, ~ where it holds 1.\n` +
    `(CLI: ${CLI_PATH})\n`,
);
