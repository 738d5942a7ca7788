/**
 * Work sizes measured on this machine at test start, instead of constants that hold on one CPU
 * only (fib(39) in Rust is ~100 ms on one VM and 78 ms on another; JS fib(35) 48 ms on one box
 * and ~100 ms on another). Naive fib's cost grows by the golden ratio per n, so one timed
 * mid-size call predicts every n.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fib as nativeFib } from 'fiblab/native';
import { fib as jsFib } from '../../ts/fib.js';
import { PYTHON } from '../../ts/variants/peers.js';

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

/** The smallest n whose fib is predicted to take at least `ms`, from fib(`probeN`) taking `perCall` ms. */
function nFrom(ms: number, probeN: number, perCall: number, maxN: number): number {
  const n = probeN + Math.ceil(Math.log(ms / perCall) / Math.log(PHI));
  return Math.min(maxN, Math.max(probeN, n));
}

const once = <T>(measure: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= measure();
    return value;
  };
};
const nativeProbe = once(() => probeMs(nativeFib));
const jsProbe = once(() => probeMs(jsFib));

/** n for which the addon's fib takes at least `ms` on this machine (the addon takes up to n=78). */
export const nativeNFor = (ms: number, maxN = 45): number => nFrom(ms, PROBE_N, nativeProbe(), maxN);

/** n for which the JS fib takes at least `ms` on this machine (servers refuse n > 40 by default). */
export const jsNFor = (ms: number, maxN = 40): number => nFrom(ms, PROBE_N, jsProbe(), maxN);

const PYTHON_PROBE_N = 20;
/** CPython's naive fib(PYTHON_PROBE_N) here (ms): the peer's own algorithm, timed in its interpreter. */
const pythonProbe = once(() => {
  const script = `import time
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
best = 1e9
for _ in range(5):
    t = time.perf_counter(); fib(${PYTHON_PROBE_N}); best = min(best, time.perf_counter() - t)
print(best * 1000)`;
  const result = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', timeout: 30_000 });
  const ms = Number(result.stdout.trim());
  if (result.status !== 0 || !(ms > 0)) throw new Error(`could not time fib in ${PYTHON}: ${result.stderr}`);
  return ms;
});

/** n for which CPython's naive fib takes at least `ms` on this machine. */
export const pythonNFor = (ms: number, maxN = 40): number => nFrom(ms, PYTHON_PROBE_N, pythonProbe(), maxN);

/**
 * The behavioural suites' long request: n whose fib keeps one core busy for at least 150 ms in
 * the given implementation, one below the servers' default limit of 40 (the shutdown tests ask
 * for n+1). Go's compiled fib is taken as the addon's (both native code, same algorithm).
 */
export function suiteLongN(implementation: 'js' | 'native' | 'go' | 'python'): number {
  const ms = 150;
  if (implementation === 'python') return pythonNFor(ms, 39);
  if (implementation === 'js') return jsNFor(ms, 39);
  return nativeNFor(ms, 39);
}
