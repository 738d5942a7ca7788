import type { GroupSpec } from '../load/types.js';
import type { Variant } from '../variants/registry.js';

/** The compare scenarios (DESIGN.md, "Load generator and results"; issue 12 for the map's three). */
export type ScenarioName = 'io' | 'cpu' | 'heavy' | 'mixed' | 'sweep' | 'scaling' | 'churn' | 'latency';

/**
 * An open-loop cell's arrival rate: a share of the server's own capacity (its closed-loop req/s
 * in the same cell, measured first in the run), or a fixed rate in req/s that every server gets.
 */
export type OfferedLoad = { share: number } | { rate: number };

/** A cell: one scenario at one client count and one request size; one slice of it per server and round. */
export interface Cell {
  scenario: ScenarioName;
  clients: number;
  /** The request size; for mixed, the CPU client's n (its groups say the rest). */
  n: number;
  /** Open loop: the arrival rate of its (I/O) requests; absent = closed loop. */
  offered?: OfferedLoad;
}

/** What the cells of a run depend on beyond the client counts. */
export interface CellSettings {
  /** The mixed scenario's I/O client's fixed arrival rate, req/s; undefined = a closed loop. */
  mixedRate?: number | undefined;
}

/** A scenario: the cells it runs and the groups of closed-loop clients of each. */
export interface Scenario {
  name: ScenarioName;
  /** The table title. */
  title: string;
  /** What the table shows, in a sentence. */
  shows: string;
  /** Its cells, from the client counts asked for (mixed is always one CPU-bound beside one I/O-bound client). */
  cells(requested: readonly number[], settings?: CellSettings): Cell[];
  /** The groups of a slice; `capacity` is the server's measured req/s (what a share of it is taken of). */
  groups(cell: Cell, capacity?: number): GroupSpec[];
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

/** The mixed scenario's I/O client's arrival rate unless --mixed-rate says otherwise, req/s (the probe's 1,000/s). */
export const MIXED_IO_RATE = 1000;

/** The latency ladder's shares of each server's own capacity: a few far below, more near the knee. */
export const LATENCY_SHARES: readonly number[] = [0.1, 0.25, 0.5, 0.7, 0.85, 0.95];
/**
 * The latency ladder's fixed rates, req/s, the same for every server so curves can be set side by
 * side: at n=22 on 2 cores the one-thread models serve ~6–7 k req/s closed-loop and the compiled
 * ones 15–35 k, so 8,000/s is past some knees and below others.
 */
export const LATENCY_RATES: readonly number[] = [1000, 4000, 8000];
/** The latency ladder's connections: two, like the CPU table's second column (every model can use both cores). */
export const LATENCY_CLIENTS = 2;

/** The arrival rate of an open-loop cell, req/s; a share needs the server's capacity (at least 1 req/s). */
export function offeredRate(cell: Cell, capacity: number | undefined): number {
  const offered = cell.offered;
  if (offered === undefined) throw new Error(`${cellLabel(cell)} is a closed-loop cell`);
  if ('rate' in offered) return offered.rate;
  if (capacity === undefined || !(capacity > 0))
    throw new Error(`${cellLabel(cell)}: the server's capacity was not measured`);
  return Math.max(1, Math.round(offered.share * capacity));
}

/** The cell whose closed-loop req/s is a latency cell's capacity: the CPU-bound cell at its n and connections. */
export const capacityCell = (cell: Cell): Cell => ({ scenario: 'cpu', clients: cell.clients, n: cell.n });

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
    // The I/O client on a fixed schedule (open loop) unless the run asks for the closed loop: a
    // closed-loop client stops sending while the server stalls, and its p99 hides the stall.
    cells: (_, settings) => [
      {
        ...at('mixed', LONG_N)(2),
        ...(settings?.mixedRate === undefined ? {} : { offered: { rate: settings.mixedRate } }),
      },
    ],
    groups: (cell) => [
      { n: LONG_N, clients: 1 },
      { n: 1, clients: 1, ...(cell.offered !== undefined && 'rate' in cell.offered ? cell.offered : {}) },
    ],
    keepDistribution: true,
  },
  latency: {
    name: 'latency',
    title: `Latency under load: p99 against the offered load, n=${CPU_N}, ${LATENCY_CLIENTS} connections`,
    shows:
      'each server on a fixed schedule of requests (open loop: latency from the intended send time, so a stall counts for every request it delays), at shares of its own capacity and at rates every server gets',
    cells: () =>
      [...LATENCY_SHARES.map((share) => ({ share })), ...LATENCY_RATES.map((rate) => ({ rate }))].map(
        (offered): Cell => ({ ...at('latency', CPU_N)(LATENCY_CLIENTS), offered }),
      ),
    groups: (cell, capacity) => [{ n: cell.n, clients: cell.clients, rate: offeredRate(cell, capacity) }],
    // One connection at a time cannot be offered two connections' load; Python computes fib(22) too slowly for the fixed rates.
    includes: (variant) => notPython(variant) && variant.name !== 'sequential',
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

/** A key of an offered load (`share:0.5`, `rate:1000`), '' for a closed loop. */
export const offeredKey = (offered: OfferedLoad | undefined): string =>
  offered === undefined ? '' : 'share' in offered ? `share:${offered.share}` : `rate:${offered.rate}`;

/** How an offered load reads: `50 %` of capacity, `1,000/s`. */
export const offeredLabel = (offered: OfferedLoad): string =>
  'share' in offered ? `${Math.round(offered.share * 100)} %` : `${offered.rate.toLocaleString('en-US')}/s`;

/** Two cells are the same cell. */
export const sameCell = (a: Cell, b: Cell) =>
  a.scenario === b.scenario &&
  a.clients === b.clients &&
  a.n === b.n &&
  offeredKey(a.offered) === offeredKey(b.offered);

/** How a cell reads in progress lines and warnings: `io 2 cl.`, `sweep n=20 2 cl.`, `latency 50 % 2 cl.`. */
export function cellLabel(cell: Cell): string {
  const spread = cell.scenario === 'sweep' || cell.scenario === 'scaling';
  const offered = cell.offered === undefined ? '' : ` ${offeredLabel(cell.offered)}`;
  return `${cell.scenario}${spread ? ` n=${cell.n}` : ''}${offered} ${cell.clients} cl.`;
}

/**
 * The cells a planned scenario needs beside its own: churn's cost per connection is its CPU per
 * reply less the same server's with one connection kept alive, so churn brings io's cell at its
 * client count (measured in the same rounds, so the two pair); a latency ladder brings the
 * closed-loop cell its shares are taken of (measured first, run.ts).
 */
export function companionCells(cells: readonly Cell[]): Cell[] {
  const extra: Cell[] = [];
  for (const cell of cells) {
    const companion =
      cell.scenario === 'churn'
        ? at('io', 1)(cell.clients)
        : cell.scenario === 'latency'
          ? capacityCell(cell)
          : undefined;
    if (companion !== undefined && ![...cells, ...extra].some((c) => sameCell(c, companion)))
      extra.push(companion);
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
