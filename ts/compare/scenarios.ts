import type { GroupSpec } from '../load/types.js';
import type { Variant } from '../variants/registry.js';

/** The compare scenarios (DESIGN.md, "Load generator and results"). */
export type ScenarioName = 'io' | 'cpu' | 'heavy' | 'mixed';

/** A scenario: the groups of closed-loop clients it runs for a given client count. */
export interface Scenario {
  name: ScenarioName;
  /** The table title. */
  title: string;
  /** What the table shows, in a sentence. */
  shows: string;
  /** Client counts it is run with (mixed is always one CPU-bound beside one I/O-bound client). */
  clientCounts(requested: readonly number[]): number[];
  groups(clients: number): GroupSpec[];
  /** Whether a variant runs this scenario (all do unless said). */
  includes?(variant: Variant): boolean;
}

const uniform = (name: ScenarioName, n: number, title: string, shows: string): Scenario => ({
  name,
  title,
  shows,
  clientCounts: (requested) => [...requested],
  groups: (clients) => [{ n, clients }],
});

/** The n of the CPU-bound client of `mixed` and of `heavy`: perf1's long request. */
export const LONG_N = 30;

/** Every scenario, in table order. */
export const SCENARIOS: Record<ScenarioName, Scenario> = {
  io: uniform('io', 1, 'I/O-bound: n=1', "the seed's I/O-bound table: the cost of the server itself"),
  cpu: uniform(
    'cpu',
    22,
    'CPU-bound: n=22',
    "the seed's CPU-bound table (n=22 puts the Python originals near the talk's 400 req/s)",
  ),
  heavy: {
    ...uniform(
      'heavy',
      LONG_N,
      `Long requests: n=${LONG_N}`,
      "perf1's long request: where the work itself dominates",
    ),
    // The most clients asked for: the table is about parallel throughput of compiled code.
    clientCounts: (requested) => [Math.max(...requested)],
    // Python computes fib(30) in ~0.3 s: a slice would hold a reply or two, and the talk's point
    // about Python is already made by the CPU-bound table.
    includes: (variant) => !(variant.kind === 'peer' && variant.language === 'python'),
  },
  mixed: {
    name: 'mixed',
    title: `Mixed: an I/O client (n=1) beside a CPU client (n=${LONG_N})`,
    shows: "whether a CPU-bound client starves an I/O-bound one (Beazley's demo)",
    clientCounts: () => [2],
    groups: () => [
      { n: LONG_N, clients: 1 },
      { n: 1, clients: 1 },
    ],
  },
};

/** The scenarios a default run measures (heavy carries the headline ratios at n=30). */
export const DEFAULT_SCENARIOS: readonly ScenarioName[] = ['io', 'cpu', 'heavy', 'mixed'];
