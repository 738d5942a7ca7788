/**
 * Work sizes measured on this machine at test start, instead of constants that hold on one CPU
 * only (fib(39) in Rust is ~100 ms on one VM and 78 ms on another). Naive fib's cost grows by the
 * golden ratio per n, so one timed mid-size call predicts every n.
 */
import { performance } from 'node:perf_hooks';
import { fib as nativeFib } from 'fiblab/native';
import { fib as jsFib } from '../../ts/fib.js';

const PHI = (1 + Math.sqrt(5)) / 2;
const PROBE_N = 30;

/** The fastest of a few timed calls: the least disturbed estimate of fib(PROBE_N) here (ms). */
function probeMs(fib: (n: number) => number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    fib(PROBE_N);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** The smallest n whose fib is predicted to take at least `ms` of one core, capped at `maxN`. */
function nFor(ms: number, fib: (n: number) => number, maxN: number): number {
  const perCall = probeMs(fib);
  const n = PROBE_N + Math.ceil(Math.log(ms / perCall) / Math.log(PHI));
  return Math.min(maxN, Math.max(PROBE_N, n));
}

/** n for which the addon's fib takes at least `ms` on this machine (the addon takes up to n=78). */
export const nativeNFor = (ms: number, maxN = 45): number => nFor(ms, nativeFib, maxN);

/** n for which the JS fib takes at least `ms` on this machine (servers refuse n > 40 by default). */
export const jsNFor = (ms: number, maxN = 40): number => nFor(ms, jsFib, maxN);
