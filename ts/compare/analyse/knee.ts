/**
 * A server's knee: the offered load from which its latency is set by the queue rather than by the
 * work. Defined as the lowest step of its ladder from which on, at every higher offered load, its
 * p99 is over {@link KNEE_FACTOR} × its p99 at the lowest load, or it falls behind the schedule
 * (serves under {@link KEEPS_UP} of the offered rate). Why 3×: where one queue serves the
 * requests, p99 grows as 1/(1 − utilisation), so 3× its low-load value is about two-thirds busy —
 * the knee of the hockey stick; and "at every higher load" keeps one slow slice on a busy machine
 * from naming a knee that the next step takes back.
 */

/** How many times its low-load p99 a server's p99 must reach for the queue to be setting it. */
export const KNEE_FACTOR = 3;
/** The share of the offered rate a server must serve to keep up with the schedule. */
export const KEEPS_UP = 0.95;

/** One step of a ladder as the rule sees it. */
export interface KneePoint {
  /** Offered load, req/s. */
  targetRate: number;
  /** Served, req/s. */
  achievedRate: number;
  /** null: nothing was measured there (the step is ignored). */
  p99Ms: number | null;
}

/** Where the knee lies, and why that step. */
export interface Knee {
  /** Index into the points given (sorted by offered load). */
  index: number;
  targetRate: number;
  /** The lowest load's p99, ms: what the factor is of. */
  baseP99Ms: number;
  p99Ms: number;
  /** `p99`: the p99 passed the factor; `behind`: the server stopped keeping up first. */
  why: 'p99' | 'behind';
}

const behind = (p: KneePoint) => p.achievedRate < KEEPS_UP * p.targetRate;

/**
 * The knee of a ladder (points in any order; the knee's index is into them as given), or null when
 * the server kept its low-load p99 within the factor, and up with the schedule, to the highest load
 * offered — or when fewer than two steps were measured.
 */
export function kneeOf(points: readonly KneePoint[], factor = KNEE_FACTOR): Knee | null {
  const measured = points
    .map((point, index) => ({ point, index }))
    .filter(({ point }) => point.p99Ms !== null && point.p99Ms > 0)
    .sort((a, b) => a.point.targetRate - b.point.targetRate);
  const base = measured[0]?.point.p99Ms;
  if (base == null || measured.length < 2) return null;
  const past = (p: KneePoint) => behind(p) || (p.p99Ms as number) > factor * base;
  let knee: (typeof measured)[number] | undefined;
  for (let i = measured.length - 1; i >= 0; i--) {
    const step = measured[i] as (typeof measured)[number];
    if (!past(step.point)) break;
    knee = step;
  }
  if (knee === undefined) return null;
  const p99Ms = knee.point.p99Ms as number;
  return {
    index: knee.index,
    targetRate: knee.point.targetRate,
    baseP99Ms: base,
    p99Ms,
    why: p99Ms > factor * base ? 'p99' : 'behind',
  };
}
