/** `fiblab compare`'s flags, parsed and checked before anything starts (a typo fails in well under a second). */
import type { CommandSpec } from '../cli/command.js';
import { UsageError } from '../cli/command.js';
import { durationFlag, integerFlag, listFlag, oneOfFlag, percentFlag } from '../cli/values.js';
import type { LoadHostSpec } from '../launch/load-host.js';
import { LOAD_HOST_FLAGS, loadHostSpecs } from '../load/host-options.js';
import { PROJECT_ROOT, RUNTIMES, type RuntimeName, SYSTEM_RUNTIME } from '../runtimes/registry.js';
import { VARIANTS, variantProblem } from '../variants/registry.js';
import {
  DEFAULT_SCENARIOS,
  LATENCY_CLIENTS,
  LATENCY_RATES,
  MIXED_IO_RATE,
  SCENARIOS,
  type ScenarioName,
} from './scenarios.js';
import type { Timing } from './types.js';
import { parseUserServer, type UserVariant } from './user-servers.js';

/**
 * Test-only: FIBLAB_TEST_SERVER_WARMUP=SECONDS replaces each server's warm-up after its start (1 s,
 * 0.5 s with --quick), for the test suite's runs that check a run's shape, not its figures. A run
 * records it (the environment's timing: "server warm-up (s)" in a diff).
 */
function testServerWarmupS(): number | undefined {
  const text = process.env.FIBLAB_TEST_SERVER_WARMUP;
  if (text === undefined || text === '') return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new UsageError(`FIBLAB_TEST_SERVER_WARMUP must be a number of seconds ≥ 0, not ${text}`);
  return seconds;
}

/** The servers of the map (--sweep): every TypeScript strategy, cluster, and the Go peer. */
export const SWEEP_VARIANTS: readonly string[] = [
  'event-loop',
  'native-sync',
  'native-async',
  'pool',
  'worker-per-connection',
  'process-pool',
  'cluster',
  'go',
];
/** The servers of --scaling: every TypeScript model and the Go peer (Python is off these charts). */
export const SCALING_VARIANTS: readonly string[] = VARIANTS.filter(
  (v) => v.kind === 'ts' || v.name === 'go',
).map((v) => v.name);
/** --sweep's and --scaling's default budget: 10 minutes on 2 cores, with room for the servers to stop. */
export const MAP_BUDGET_S = 570;
/** The most rounds a map run buys even when more would fit (past ~12 pairs an interval narrows slowly). */
export const MAP_MAX_ROUNDS = 12;

/** The formats --export writes (render/exports.ts writes them). */
export const EXPORT_FORMATS = ['bmf', 'github-action-benchmark'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What the servers and the load generator speak: one transport, or both side by side. */
export type CompareTransport = 'tcp' | 'http' | 'both';

/** What a compare run measures, and where its results go. */
export interface CompareOptions {
  /**
   * `tcp` (default) or `http`: every server speaks it. `both`: the system Node's servers run
   * twice, over each, measured in the same rounds; the tables are TCP's, plus a TCP-vs-HTTP table.
   */
  transport: CompareTransport;
  /** Every scenario, and every variant on every runtime. */
  full: boolean;
  /** --sweep and/or --scaling: the map's runs, each within a time budget. */
  map: Array<'sweep' | 'scaling'>;
  /** The variants the mode measures unless --only says otherwise (undefined = all). */
  variants: readonly string[] | undefined;
  /** Rounds are as many as fit `budgetS` (the map's runs), rather than `rounds` exactly. */
  roundsFromBudget: boolean;
  runtimes: RuntimeName[];
  /** --runtimes was given (not the default of all). */
  runtimesGiven: boolean;
  /** Only these variants (undefined = all). */
  only: string[] | undefined;
  scenarios: ScenarioName[];
  clientCounts: number[];
  timing: Timing;
  /** Rounds: each measures one slice of every server in every cell. */
  rounds: number;
  /** --precision: go on past `rounds` until every headline ratio's 95 % interval is within ± this fraction. */
  precision: number | undefined;
  /** --budget: how long --precision, --sweep or --scaling may run in all, seconds. */
  budgetS: number;
  /** --server-cpus / --load-cpus: CPU lists to pin the servers and the load generator to. */
  serverCpus: string | undefined;
  loadCpus: string | undefined;
  /** --server-host: an ssh destination that runs the servers; --server-dir: the project there. */
  serverHost: string | undefined;
  serverDir: string | undefined;
  serverSshOptions: string[];
  /** --load-host: the machines the load runs on (undefined: this one, in this process). */
  loadHosts: LoadHostSpec[] | undefined;
  /** --server: servers the user brings, each a row of every table (compare/user-servers.ts). */
  servers: UserVariant[];
  /** Print the JSON document on stdout instead of the report. */
  json: boolean;
  /** Where the results go. */
  outDir: string;
  /** Re-render a saved run instead of measuring. */
  from: string | undefined;
  // --- open-loop latency (--latency, --mixed-rate; the latency options block at the end) ---
  /** --latency: each server's latency–throughput curve (capacity, then a ladder of arrival rates). */
  latency: boolean;
  /** The slice length is the longest that fits `budgetS` (a latency run's rounds are fixed). */
  sliceFromBudget: boolean;
  /** The mixed scenario's I/O client on a fixed schedule of this many req/s; undefined = closed loop. */
  mixedRate: number | undefined;
  /** --baseline: a saved run to compare this one with, cell by cell (analyse/baseline.ts). */
  baseline: string | undefined;
  /** --export: formats other tools read, written beside the results (render/exports.ts). */
  exports: ExportFormat[];
}

const scenarioNames = Object.keys(SCENARIOS) as ScenarioName[];
const LATENCY_RATES_HELP = LATENCY_RATES.map((r) => `${r.toLocaleString('en-US')}/s`).join(', ');

/** The flag table: `--help` and the parser both come from it. */
export const COMPARE_COMMAND = {
  name: 'fiblab compare',
  synopsis: 'fiblab compare [options]',
  description: `Runs every server variant (TypeScript, the Python and Go peers, other JS runtimes) under the
same load generator, on this machine, in one run; prints the seed talk's tables and writes
<out>/<timestamp>.json (every measurement), .md (the full tables), .svg (the charts) and
.html (the report to open in a browser: tables and charts on one self-contained page).
The same command: npm run compare -- [options], npx zx scripts/compare.mjs [options].`,
  flags: {
    quick: {
      type: 'boolean',
      help: '3 rounds of short slices: the shape of the tables in a few minutes, loose intervals',
    },
    full: {
      type: 'boolean',
      help: 'everything: every scenario (heavy, sweep, scaling, churn), every variant on every runtime',
    },
    sweep: {
      type: 'boolean',
      help: `the map: req/s, p99 and CPU per reply over n = 1…32, 1 and 2 clients, for the TS strategies
and Go; a crossover table (as many rounds as fit --budget)`,
    },
    scaling: {
      type: 'boolean',
      help: 'clients 1…256 at n=1 and n=22, and connection churn (a new connection per request),\nfor every TS model and Go (as many rounds as fit --budget)',
    },
    latency: {
      type: 'boolean',
      help: `latency–throughput curves at n=22, open loop: every TS model, Go and answer offered
10…95 % of its own capacity and ${LATENCY_RATES_HELP}; p50/p99/p99.9, each knee`,
    },
    'mixed-rate': {
      type: 'string',
      value: 'R|closed',
      help: "the mixed scenario's I/O client: R requests/s on a fixed schedule (open loop), or\nclosed: send on each reply (a stall then hides in its p99)",
      shownDefault: String(MIXED_IO_RATE),
    },
    runtimes: {
      type: 'string',
      value: 'a,b',
      help: `of: ${RUNTIMES.map((r) => r.name).join(', ')}; installed on demand`,
      shownDefault: 'all',
    },
    only: {
      type: 'string',
      value: 'a,b',
      help: 'only these variants (see `fiblab variants`); MODEL+STRATEGY runs any pair, e.g. cluster+native-sync',
    },
    server: {
      type: 'string',
      multiple: true,
      value: "'NAME[:read][@PORT]=CMD'",
      help: "your own server as a row of every table (repeatable): CMD runs in sh, {port} in it\nbecomes a free port (else @PORT); :read = bare digits, one request per read (the talk's)",
    },
    transport: {
      type: 'string',
      value: 'tcp|http|both',
      help: 'what servers and load generator speak; both: every server on the system Node\nalso over HTTP, in the same rounds, and a TCP-vs-HTTP table',
      shownDefault: 'tcp',
    },
    scenarios: {
      type: 'string',
      value: 'a,b',
      help: `of: ${scenarioNames.join(', ')}`,
      shownDefault: DEFAULT_SCENARIOS.join(','),
    },
    clients: {
      type: 'string',
      value: 'a,b',
      help: 'client counts of the rate scenarios',
      shownDefault: '1,2',
    },
    rounds: {
      type: 'string',
      value: 'N',
      help: 'rounds; each measures one slice of every server in every cell (the pairs of every ratio)',
      shownDefault: '6',
    },
    slice: {
      type: 'string',
      value: 'DURATION',
      help: 'measured time of one slice (--latency: the longest that fits --budget)',
      shownDefault: '0.4s',
    },
    warmup: {
      type: 'string',
      value: 'DURATION',
      help: 'warm-up of each slice, not measured',
      shownDefault: '0.15s',
    },
    precision: {
      type: 'string',
      value: 'PERCENT',
      help: 'go on with more rounds, for the cells that need them, until every headline\nratio is known within ± PERCENT (e.g. 5%), or the budget runs out',
    },
    budget: {
      type: 'string',
      value: 'DURATION',
      help: 'time --precision may take in all; with --sweep/--scaling/--latency, the whole run',
      shownDefault: '30m; 9.5m --sweep/--scaling; 10.8m --latency',
    },
    'server-cpus': {
      type: 'string',
      value: 'LIST',
      help: 'pin the servers to these CPUs (e.g. 0-7); needs --load-cpus',
    },
    'load-cpus': { type: 'string', value: 'LIST', help: 'pin the load generator to these CPUs (e.g. 8-15)' },
    'server-host': {
      type: 'string',
      value: 'DEST',
      help: 'run the servers on another machine over OpenSSH (user@host or ssh://user@host:port),\nwith fiblab installed there at the same commit',
    },
    'server-ssh-options': {
      type: 'string',
      value: "'ARGS'",
      help: "extra ssh arguments for --server-host, e.g. '-p 2222 -i ~/.ssh/bench' (~/.ssh/config applies too)",
    },
    'server-dir': {
      type: 'string',
      value: 'DIR',
      help: 'the fiblab checkout on --server-host',
      shownDefault: 'this path',
    },
    ...LOAD_HOST_FLAGS,
    json: { type: 'boolean', help: 'print the JSON document instead of the report' },
    out: { type: 'string', value: 'DIR', help: 'where results go (git ignores it)', shownDefault: 'results' },
    from: {
      type: 'string',
      value: 'FILE',
      help: 're-render a saved <timestamp>.json, measuring nothing',
    },
    baseline: {
      type: 'string',
      value: 'FILE',
      help: 'also compare this run with a saved <timestamp>.json, cell by cell: new ÷ old with 95 %\nintervals between runs (weaker than the paired ratios within a run; docs/baseline.md)',
    },
    export: {
      type: 'string',
      value: 'a,b',
      help: `also write the run for other tools, of: ${EXPORT_FORMATS.join(', ')}\n(<out>/bmf.json, <out>/github-action-benchmark-{bigger,smaller}.json)`,
    },
  },
  epilogue: "Server and load generator share this machine's cores: read ratios within one run.",
} as const satisfies CommandSpec<Record<string, import('../cli/command.js').FlagSpec>>;

type Values = {
  [K in keyof typeof COMPARE_COMMAND.flags]?: (typeof COMPARE_COMMAND.flags)[K]['type'] extends 'boolean'
    ? boolean
    : (typeof COMPARE_COMMAND.flags)[K] extends { multiple: true }
      ? string[]
      : string;
};

/** Typed options from the parsed flags; throws UsageError on any unknown name or bad value. */
export function compareOptions(values: Values, defaultOut: string): CompareOptions {
  const quick = values.quick === true;
  if (quick && values.full) throw new UsageError('give --quick or --full, not both');
  const map = (['sweep', 'scaling'] as const).filter((m) => values[m] === true);
  if (map.length > 0 && values.full) throw new UsageError('--full runs the sweep and the scaling already');
  if (map.length > 0 && values.scenarios !== undefined)
    throw new UsageError(`--${map[0]} chooses its scenarios: drop --scenarios`);
  const only = values.only === undefined ? undefined : listFlag('only', values.only);
  for (const name of only ?? []) {
    const problem = variantProblem(name);
    if (problem !== undefined) throw new UsageError(`--only: ${problem}`);
  }
  const scenarios: ScenarioName[] = values.full
    ? scenarioNames
    : map.length > 0
      ? map.flatMap((m): ScenarioName[] => (m === 'sweep' ? ['sweep'] : ['scaling', 'churn']))
      : values.scenarios === undefined
        ? [...DEFAULT_SCENARIOS]
        : listFlag('scenarios', values.scenarios, scenarioNames);
  const onMap = map.length > 0;
  const clientCounts =
    values.clients === undefined
      ? [1, 2]
      : listFlag('clients', values.clients).map((c) => integerFlag('clients', c, 1, 1024));
  const transports = ['tcp', 'http', 'both'] as const;
  const transport = oneOfFlag('transport', values.transport ?? 'tcp', transports);
  const servers = (values.server ?? []).map(parseUserServer);
  if (new Set(servers.map((s) => s.name)).size !== servers.length)
    throw new UsageError('--server names must differ');
  if (servers.length > 0 && transport !== 'tcp')
    throw new UsageError('--server servers speak TCP: drop --transport');
  if (servers.length > 0 && values['server-host'] !== undefined)
    throw new UsageError('--server runs a command on this machine: drop --server-host');
  if (values['load-host'] !== undefined && values['load-cpus'] !== undefined)
    throw new UsageError('--load-cpus pins the load generator here: not with --load-host');
  const options: CompareOptions = {
    servers,
    transport: transport as CompareTransport,
    full: values.full === true,
    map,
    variants: onMap
      ? [...new Set(map.flatMap((m) => (m === 'sweep' ? SWEEP_VARIANTS : SCALING_VARIANTS)))]
      : undefined,
    roundsFromBudget: onMap && !quick && values.rounds === undefined,
    runtimes:
      values.runtimes === undefined
        ? // A remote server host runs its system Node only; the map is drawn on the system Node.
          values['server-host'] === undefined && !onMap
          ? RUNTIMES.map((r) => r.name)
          : [SYSTEM_RUNTIME]
        : listFlag(
            'runtimes',
            values.runtimes,
            RUNTIMES.map((r) => r.name),
          ),
    runtimesGiven: values.runtimes !== undefined,
    only,
    scenarios,
    clientCounts: [...new Set(clientCounts)],
    timing: {
      startWarmupS: testServerWarmupS() ?? (quick ? 0.5 : 1),
      // The scaling's 256 clients connect before the warm-up; their first replies need longer.
      warmupS:
        values.warmup === undefined
          ? map.includes('scaling')
            ? 0.25
            : onMap
              ? 0.1
              : 0.15
          : durationFlag('warmup', values.warmup, { allowZero: true, max: 60 }),
      sliceS:
        values.slice === undefined
          ? quick || (onMap && !map.includes('scaling'))
            ? 0.3
            : 0.4
          : durationFlag('slice', values.slice, { max: 600 }),
    },
    // With roundsFromBudget this is the most rounds the budget may buy (run.ts works out how many fit).
    rounds:
      values.rounds === undefined
        ? quick
          ? 3
          : onMap
            ? MAP_MAX_ROUNDS
            : 6
        : integerFlag('rounds', values.rounds, 2, 1000),
    precision: values.precision === undefined ? undefined : percentFlag('precision', values.precision),
    budgetS:
      values.budget === undefined
        ? onMap
          ? MAP_BUDGET_S * map.length
          : 1800
        : durationFlag('budget', values.budget),
    ...affinity(values['server-cpus'], values['load-cpus']),
    serverHost: values['server-host'],
    serverDir: values['server-dir'],
    serverSshOptions: (values['server-ssh-options'] ?? '').split(/\s+/).filter(Boolean),
    loadHosts: loadHostSpecs(values, PROJECT_ROOT),
    json: values.json === true,
    outDir: values.out ?? defaultOut,
    from: values.from,
    latency: false,
    sliceFromBudget: false,
    mixedRate: MIXED_IO_RATE,
    baseline: values.baseline,
    exports:
      values.export === undefined ? [] : [...new Set(listFlag('export', values.export, EXPORT_FORMATS))],
  };
  return withLatency(values, options);
}

function affinity(serverCpus: string | undefined, loadCpus: string | undefined) {
  if ((serverCpus === undefined) !== (loadCpus === undefined)) {
    throw new UsageError('--server-cpus and --load-cpus go together: the point is to keep them apart');
  }
  return { serverCpus, loadCpus };
}

// --- open-loop latency: --latency and --mixed-rate ---

/** --latency's servers: every TypeScript model but `sequential` (it serves one of the two connections), and Go. */
export const LATENCY_VARIANTS: readonly string[] = SCALING_VARIANTS.filter((v) => v !== 'sequential');
/** --latency's default budget: ~11 minutes on 2 cores, so the whole run with the servers' stops stays within ~12. */
export const LATENCY_BUDGET_S = 650;
/** --latency's rounds: the pairs of every step's ratios (the budget buys longer slices, not more rounds). */
export const LATENCY_ROUNDS = 5;

/** The mixed rate from --mixed-rate, and --latency's own plan over the options of the flags. */
function withLatency(values: Values, options: CompareOptions): CompareOptions {
  const mixedText = values['mixed-rate']?.trim();
  const mixedRate =
    mixedText === undefined
      ? MIXED_IO_RATE
      : mixedText === 'closed'
        ? undefined
        : integerFlag('mixed-rate', mixedText, 1, 1_000_000);
  if (values.latency !== true) return { ...options, mixedRate };
  const other = values.full ? 'full' : options.map[0];
  if (other !== undefined) throw new UsageError(`--latency is a run of its own: drop --${other}`);
  if (values.scenarios !== undefined)
    throw new UsageError('--latency chooses its scenarios: drop --scenarios');
  if (values.clients !== undefined)
    throw new UsageError(`--latency offers its load over ${LATENCY_CLIENTS} connections: drop --clients`);
  const quick = values.quick === true;
  return {
    ...options,
    mixedRate,
    latency: true,
    scenarios: ['latency'],
    clientCounts: [LATENCY_CLIENTS],
    variants: LATENCY_VARIANTS,
    runtimes: values.runtimes === undefined ? [SYSTEM_RUNTIME] : options.runtimes,
    rounds: values.rounds === undefined ? (quick ? 3 : LATENCY_ROUNDS) : options.rounds,
    sliceFromBudget: values.slice === undefined && !quick,
    budgetS: values.budget === undefined ? LATENCY_BUDGET_S : options.budgetS,
  };
}
