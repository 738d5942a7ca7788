/**
 * The rule `--inline-below auto` applies, pure: given what one hop off the event loop costs and
 * what the strategy's inline fib costs for each n, where does offloading start to pay. The
 * measuring is offload-calibration.ts; this file only decides, so tests can give it numbers.
 */

/**
 * k: n is answered on the event loop while its inline cost is at most k × the measured hop.
 * Why more than 1: the hop is timed one request at a time on an otherwise idle pool, its best
 * case — on this 2-core VM its distribution has two modes (native-async 10 vs 35–60 µs, pool 30
 * vs 100–200 µs: the other thread awake, or woken), and the median can land in the fast one.
 * Under load a hop also costs the loop its own CPU (submit, wake-up, resolve) and gains a
 * closed-loop client nothing unless a core is free. Why 4: measured (`npm run bench:offload`,
 * README): at k = 2 both native-async (hop 10 µs → 21) and pool (hop 38 µs → 22) offloaded
 * fib(22) and lost 0.63× and 0.67–0.82× of CPU n=22 throughput against inlining it; k = 4 puts
 * fib(22) on the loop for both. Its price: an inline answer blocks the loop for at most 4 hops
 * (~40–400 µs), far below the millisecond p99 of the mixed cell.
 */
export const INLINE_FACTOR = 4;

/** What the decision was made from and what it chose. */
export interface InlineBelowDecision {
  /** n below this is answered on the event loop; n at or above it is offloaded. */
  inlineBelow: number;
  /** The longest inline answer this allows: the cost of n = inlineBelow - 1 (0 when none). */
  inlineUsMax: number;
  /** The limit an inline answer must stay within: factor × hop. */
  limitUs: number;
}

/**
 * The smallest n from which on every measured inline cost exceeds `factor` × `hopUs`; n below it
 * stays on the event loop. "From which on": a noisy median that pops above the limit at a small
 * n, with cheaper n after it, does not end inlining there. When no measured n exceeds the limit
 * (the measurement stopped first), the threshold is one past the last measured n: only what was
 * seen to be cheap enough is inlined.
 *
 * `inlineUs[n]` is the median inline cost of fib(n) in µs, for n = 0, 1, 2, … as measured.
 */
export function decideInlineBelow(
  hopUs: number,
  inlineUs: readonly number[],
  factor: number = INLINE_FACTOR,
): InlineBelowDecision {
  if (!(Number.isFinite(hopUs) && hopUs > 0)) throw new RangeError(`hop cost must be > 0 µs, got ${hopUs}`);
  if (!(Number.isFinite(factor) && factor > 0)) throw new RangeError(`factor must be > 0, got ${factor}`);
  for (const [n, us] of inlineUs.entries()) {
    if (!(Number.isFinite(us) && us >= 0))
      throw new RangeError(`inline cost of n=${n} must be ≥ 0 µs, got ${us}`);
  }
  const limitUs = factor * hopUs;
  let inlineBelow = inlineUs.length;
  while (inlineBelow > 0 && (inlineUs[inlineBelow - 1] as number) > limitUs) inlineBelow--;
  // Now every measured n from inlineBelow on exceeds the limit, and n = inlineBelow - 1 does not.
  return {
    inlineBelow,
    inlineUsMax: inlineBelow > 0 ? (inlineUs[inlineBelow - 1] as number) : 0,
    limitUs,
  };
}

/**
 * The longest inline answer a server gives a connection that is alone (the only one its process
 * serves, nothing of it in flight): 2.5 ms. Alone, no other client waits behind the event loop,
 * so a hop buys nothing and costs two thread wake-ups per request: on this 2-core VM the answer
 * reached 84 % of the heavy ceiling at n=30 with 2 clients (one per cluster worker) offloading
 * it, against 95 % computing it in place (`fiblab compare --only answer,cluster+native-sync
 * --scenarios heavy --clients 2`, paired). The budget bounds what a newcomer who connects
 * meanwhile waits for: one such answer, a quarter of Go's 10 ms preemption tick (the Rust fib(30)
 * is ~1.6 ms here, fib(31) ~2.6 ms). Above it, even a lone connection's request is offloaded.
 */
export const ALONE_BUDGET_US = 2500;

/** fib(n+1) costs φ × fib(n): how the inline cost of an n not measured is extrapolated. */
const PHI = (1 + Math.sqrt(5)) / 2;

/**
 * n below the result is answered inline for a connection that is alone: extrapolated by φ per
 * step from the dearest measured inline answer (`inlineUsMax`, the cost of `inlineBelow - 1`),
 * the largest n whose cost stays within `budgetUs`, plus one. Never below `inlineBelow`.
 */
export function decideAloneBelow(
  inlineBelow: number,
  inlineUsMax: number,
  budgetUs: number = ALONE_BUDGET_US,
  maxN: number = Number.MAX_SAFE_INTEGER,
): number {
  if (inlineBelow <= 0 || !(inlineUsMax > 0)) return inlineBelow;
  let n = inlineBelow - 1;
  let us = inlineUsMax;
  while (n + 1 <= maxN && us * PHI <= budgetUs) {
    n++;
    us *= PHI;
  }
  return Math.max(inlineBelow, n + 1);
}
