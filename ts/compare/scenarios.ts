import type { GroupSpec } from '../load/types.js';
import type { Variant } from '../variants/registry.js';

/** The compare scenarios (DESIGN.md, "Load generator and results"; issue 12 for the map's three). */
export type ScenarioName = 'io' | 'cpu' | 'heavy' | 'mixed' | 'sweep' | 'scaling' | 'churn';

/** A cell: one scenario at one client count and one request size; one slice of it per server and round. */
export interface Cell {
  scenario: ScenarioName;
  clients: number;
  /** The request size; for mixed, the CPU client's n (its groups say the rest). */
  n: number;
}

/** A scenario: the cells it runs and the groups of closed-loop clients of each. */
export interface Scenario {
  name: ScenarioName;
  /** The table title. */
  title: string;
  /** What the table shows, in a sentence. */
  shows: string;
  /** Its cells, from the client counts asked for (mixed is always one CPU-bound beside one I/O-bound client). */
  cells(requested: readonly number[]): Cell[];
  groups(cell: Cell): GroupSpec[];
  /** Whether a variant runs this scenario (all do unless said). */
  includes?(variant: Variant): boolean;
  /** Each request on a new connection (connect, send, read, close) instead of one kept-alive connection. */
  connectionPerRequest?: boolean;
  /** Keep each group's whole latency histogram in the records (the report plots its distribution). */
  keepDistribution?: boolean;
  /** Extra warm-up of a cell's slice beyond the run's, seconds (many fresh connections to settle). */
  extraWarmupS?(cell: Cell): number;
  /** The least measured time of a cell's slice, seconds (slow replies need a longer window to count). */
  minSliceS?(cell: Cell): number;
}

const at = (scenario: ScenarioName, n: number) => (clients: number) => ({ scenario, clients, n });

const uniform = (name: ScenarioName, n: number, title: string, shows: string): Scenario => ({
  name,
  title,
  shows,
  cells: (requested) => requested.map(at(name, n)),
  groups: (cell) => [{ n: cell.n, clients: cell.clients }],
});

/** The n of the CPU-bound client of `mixed` and of `heavy`: perf1's long request. */
export const LONG_N = 30;
/** The CPU-bound table's n (and the scaling scenario's CPU-bound n). */
export const CPU_N = 22;

/**
 * The sweep's request sizes. fib(n) costs φ^n: each step of n is ×1.62 the work, so n from 1 to
 * 32 spans 1 µs to ~9 ms of Rust (~40 ms of JS). Sparse where the models are far apart (n ≤ 8:
 * the request is free, only the hop counts; n ≥ 28: the work dwarfs any hop); every n from 18 to
 * 22, where the hop off the event loop (25–130 µs plus a wake-up) meets the work (Rust fib(19–22),
 * JS fib(15–19)); every other n from 14 to 28, where Go's and the addon's compiled code part ways.
 * 13 sizes × 2 client counts × 8 servers is what fits rounds enough for intervals into 10 minutes.
 */
export const SWEEP_NS: readonly number[] = [1, 8, 14, 16, 18, 19, 20, 21, 22, 24, 26, 28, 32];

/** The scaling scenario's client counts: up to far past the two cores, where p99 grows with the queue. */
export const SCALING_CLIENTS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 256];

/** Python computes fib(30) in ~0.3 s: a slice would hold a reply or two; its point is made by the CPU table. */
const notPython = (variant: Variant) => !(variant.kind === 'peer' && variant.language === 'python');

/** Every scenario, in table order. */
export const SCENARIOS: Record<ScenarioName, Scenario> = {
  io: uniform('io', 1, 'I/O-bound: n=1', "the seed's I/O-bound table: the cost of the server itself"),
  cpu: uniform(
    'cpu',
    CPU_N,
    `CPU-bound: n=${CPU_N}`,
    "the seed's CPU-bound table (n=22 puts the Python originals near the talk's 400 req/s)",
  ),
  heavy: {
    ...uniform(
      'heavy',
      LONG_N,
      `Long requests: n=${LONG_N}`,
      "perf1's long request: where the work itself dominates",
    ),
    // Parallel throughput of compiled code: every client count from 2 up (the most asked for when all are 1).
    cells: (requested) =>
      (requested.some((c) => c >= 2) ? requested.filter((c) => c >= 2) : [Math.max(...requested)]).map(
        at('heavy', LONG_N),
      ),
    includes: notPython,
  },
  mixed: {
    name: 'mixed',
    title: `Mixed: an I/O client (n=1) beside a CPU client (n=${LONG_N})`,
    shows: "whether a CPU-bound client starves an I/O-bound one (Beazley's demo)",
    cells: () => [at('mixed', LONG_N)(2)],
    groups: () => [
      { n: LONG_N, clients: 1 },
      { n: 1, clients: 1 },
    ],
    keepDistribution: true,
  },
  sweep: {
    name: 'sweep',
    title: `The map: req/s over n = ${SWEEP_NS[0]}…${SWEEP_NS[SWEEP_NS.length - 1]}`,
    shows: 'where offloading starts to pay: every strategy at every request size, paired round by round',
    cells: (requested) => SWEEP_NS.flatMap((n) => requested.map(at('sweep', n))),
    groups: (cell) => [{ n: cell.n, clients: cell.clients }],
    includes: notPython,
    // JS takes ~10 ms for fib(28) and ~40 ms for fib(32): a 0.3 s window would count a handful of
    // replies, and a rate quantised that coarsely cannot tell a 2-core server from a 1-core one.
    minSliceS: (cell) => (cell.n >= 32 ? 1.2 : cell.n >= 28 ? 0.6 : 0),
  },
  scaling: {
    name: 'scaling',
    title: `Scaling with clients: ${SCALING_CLIENTS.join(', ')} at n=1 and n=${CPU_N}`,
    shows: 'where each model saturates, and how p99 grows once clients outnumber the cores',
    cells: () => [1, CPU_N].flatMap((n) => SCALING_CLIENTS.map(at('scaling', n))),
    groups: (cell) => [{ n: cell.n, clients: cell.clients }],
    includes: notPython,
    // Each slice opens its connections anew: 5 ms a client lets a thread per connection start
    // (worker-per-connection) before the window opens, so the window sees the model at that load.
    // The start itself is what churn measures.
    extraWarmupS: (cell) => cell.clients * 0.005,
  },
  churn: {
    name: 'churn',
    title: 'Connection churn: every request on a new connection, n=1',
    shows:
      'what a connection costs each model (accept everywhere, a thread start for worker-per-connection): server CPU per reply with a new connection each, less with one kept alive',
    // One client: connections one after the other, so a reply's CPU is one connection's.
    cells: () => [at('churn', 1)(1)],
    groups: (cell) => [{ n: cell.n, clients: cell.clients }],
    connectionPerRequest: true,
    // A thread start per request (worker-per-connection) takes tens of ms: a short slice could hold none.
    minSliceS: () => 1,
  },
};

/** The scenarios a default run measures (heavy carries the headline ratios at n=30). */
export const DEFAULT_SCENARIOS: readonly ScenarioName[] = ['io', 'cpu', 'heavy', 'mixed'];

/** Two cells are the same cell. */
export const sameCell = (a: Cell, b: Cell) =>
  a.scenario === b.scenario && a.clients === b.clients && a.n === b.n;

/** How a cell reads in progress lines and warnings: `io 2 cl.`, `sweep n=20 2 cl.`. */
export function cellLabel(cell: Cell): string {
  const spread = cell.scenario === 'sweep' || cell.scenario === 'scaling';
  return `${cell.scenario}${spread ? ` n=${cell.n}` : ''} ${cell.clients} cl.`;
}

/**
 * The cells a planned scenario needs beside its own: churn's cost per connection is its CPU per
 * reply less the same server's with one connection kept alive, so churn brings io's cell at its
 * client count (measured in the same rounds, so the two pair).
 */
export function companionCells(cells: readonly Cell[]): Cell[] {
  const extra: Cell[] = [];
  for (const cell of cells) {
    if (cell.scenario !== 'churn') continue;
    const io = at('io', 1)(cell.clients);
    if (![...cells, ...extra].some((c) => sameCell(c, io))) extra.push(io);
  }
  return extra;
}

/**
 * The variants that tell the runtime story, and the cells they run on the other runtimes, unless
 * --full: a default run with every runtime stays within ~12 minutes on 2 cores.
 */
export const STORY_VARIANTS: readonly string[] = [
  'event-loop',
  'pool',
  'native-sync',
  'native-async',
  'cluster',
];
export const STORY_CELLS: readonly Cell[] = [
  { scenario: 'io', clients: 1, n: 1 },
  { scenario: 'cpu', clients: 2, n: 22 },
  { scenario: 'mixed', clients: 2, n: 30 },
];
