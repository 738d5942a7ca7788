/**
 * The map's crossovers: for each pair of servers a reader weighs against each other, the smallest
 * request size n of the sweep from which one is significantly ahead (paired 95 % interval
 * excluding 1) at that n and at every larger n of the grid. A statement of significance, never a
 * guess: a pair whose intervals hold 1 somewhere near the top of the grid has no crossover.
 */
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import type { RatioEstimate } from '../../stats/index.js';
import type { MeasurementRecord } from '../types.js';
import { sideRatio } from './ratios.js';

/** A pair of the map: does `a` overtake `b` as the request grows, and what the crossing says. */
export interface CrossoverPair {
  a: string;
  b: string;
  /** What the pair is about, in a few words. */
  about: string;
}

/** The pairs a reader cares about (issue 12), challenger first. */
export const CROSSOVER_PAIRS: readonly CrossoverPair[] = [
  { a: 'native-sync', b: 'event-loop', about: 'Rust instead of JS, both on the event loop' },
  {
    a: 'native-async',
    b: 'native-sync',
    about: "Rust hopping to libuv's pool instead of staying on the loop",
  },
  { a: 'native-async', b: 'event-loop', about: "Rust on libuv's pool instead of JS on the loop" },
  { a: 'pool', b: 'event-loop', about: 'JS in piscina worker threads instead of on the loop' },
  { a: 'pool', b: 'native-sync', about: 'JS on worker threads instead of Rust on the loop' },
  { a: 'worker-per-connection', b: 'event-loop', about: 'a JS thread per connection instead of the loop' },
  { a: 'process-pool', b: 'event-loop', about: 'JS in child processes over IPC instead of the loop' },
  { a: 'cluster', b: 'event-loop', about: 'one event-loop process per core instead of one' },
  { a: 'native-async', b: 'go', about: "the addon on libuv's pool against Go's goroutines" },
  { a: 'native-sync', b: 'go', about: 'the addon on the loop against Go' },
];

/** One ratio of the pair at one n. */
export interface CrossoverPoint {
  n: number;
  ratio: RatioEstimate | null;
}

/** What the sweep says about one pair at one client count. */
export interface Crossover extends CrossoverPair {
  clients: number;
  /**
   * `ahead-from`: `a` is significantly ahead from `from` on (every larger n of the grid too);
   * `behind-from`: `b` is, from `from` on; `none`: no such n (the largest n's interval holds 1, or
   * the verdicts change sign above every candidate); `unmeasured`: fewer than two measured n.
   */
  verdict: 'ahead-from' | 'behind-from' | 'none' | 'unmeasured';
  /** The crossover n, or null. */
  from: number | null;
  /** The ratio a ÷ b at `from` (its interval is the statement's evidence). */
  at: RatioEstimate | null;
  /** The largest n below `from` at which the other side was significantly ahead, if any. */
  otherAheadUntil: number | null;
  /** Every n of the grid with its paired ratio a ÷ b (req/s). */
  points: CrossoverPoint[];
}

/** The n at which both sides of a pair were measured in the sweep, ascending. */
function sweepNs(records: readonly MeasurementRecord[], pair: CrossoverPair, clients: number): number[] {
  const ns = (variant: string) =>
    new Set(
      records
        .filter(
          (r) =>
            r.scenario === 'sweep' &&
            r.clients === clients &&
            r.variant === variant &&
            r.runtime === SYSTEM_RUNTIME,
        )
        .map((r) => r.n),
    );
  const a = ns(pair.a);
  const b = ns(pair.b);
  return [...a].filter((n) => b.has(n)).sort((x, y) => x - y);
}

/**
 * The suffix of `points` over which every ratio has significance `mark`, as the index it starts
 * at; points.length when the last point does not have it. A point without a ratio (a side not
 * served in two rounds, so nothing to pair) neither makes nor breaks the suffix.
 */
function suffixStart(points: readonly CrossoverPoint[], mark: 'higher' | 'lower'): number {
  let start = points.length;
  for (let i = points.length - 1; i >= 0; i--) {
    const ratio = points[i]?.ratio;
    if (ratio === null || ratio === undefined) continue;
    if (ratio.significance !== mark) break;
    start = i;
  }
  return start;
}

/** The crossover of one pair at one client count, from the sweep's slices. */
export function crossoverOf(
  records: readonly MeasurementRecord[],
  pair: CrossoverPair,
  clients: number,
): Crossover {
  const side = (variant: string, n: number) => ({
    variant,
    runtime: SYSTEM_RUNTIME,
    scenario: 'sweep' as const,
    clients,
    n,
  });
  const points = sweepNs(records, pair, clients).map((n) => ({
    n,
    ratio: sideRatio(records, side(pair.a, n), side(pair.b, n)),
  }));
  const base = { ...pair, clients, points };
  if (points.filter((p) => p.ratio !== null).length < 2)
    return { ...base, verdict: 'unmeasured', from: null, at: null, otherAheadUntil: null };
  for (const [mark, verdict, other] of [
    ['higher', 'ahead-from', 'lower'],
    ['lower', 'behind-from', 'higher'],
  ] as const) {
    const start = suffixStart(points, mark);
    if (start === points.length) continue;
    const before = points.slice(0, start).filter((p) => p.ratio?.significance === other);
    return {
      ...base,
      verdict,
      from: points[start]?.n ?? null,
      at: points[start]?.ratio ?? null,
      otherAheadUntil: before.length === 0 ? null : (before[before.length - 1]?.n ?? null),
    };
  }
  return { ...base, verdict: 'none', from: null, at: null, otherAheadUntil: null };
}

/** Every pair of {@link CROSSOVER_PAIRS} at every client count the sweep measured both sides at. */
export function crossovers(records: readonly MeasurementRecord[]): Crossover[] {
  const counts = [...new Set(records.filter((r) => r.scenario === 'sweep').map((r) => r.clients))].sort(
    (a, b) => a - b,
  );
  return counts.flatMap((clients) =>
    CROSSOVER_PAIRS.map((pair) => crossoverOf(records, pair, clients)).filter((c) => c.points.length > 0),
  );
}
