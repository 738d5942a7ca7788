/**
 * Two builds of the addon's FibPool in ONE process, paired: each build's adaptive pool and
 * bench:hop's fixed spins (0–200 µs), and fibAsync, do rounds of serial `await …(1)`, every one of
 * both builds interleaved round by round in rotating order, so that both see the same machine (on
 * a shared VM, separate `bench:hop` runs differ more than the builds do). The same set as
 * bench:hop's matters: its slow ones (fibAsync, spin 0) leave the cores idle long enough to halt,
 * which is when a burst's first wake-ups cost most. Prints, per build, the adaptive
 * median ÷ the best fixed median (bench:hop's figure) and per round ÷ that round's best fixed
 * pool; then build B's adaptive ÷ build A's, per round, with 95 % intervals.
 *
 *   cp -r packages/native /tmp/a   # then rebuild, and: cp -r packages/native /tmp/b
 *   node --import tsx bench/hop-builds.ts /tmp/a /tmp/b [--rounds 40]
 *
 * Each directory is a copy of packages/native with its own .node (a different path loads a
 * separate copy of the library). Runs on Bun and Deno too (`deno run -A`).
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { formatRatio, median, ratioFromLogRatios } from '../ts/stats/index.js';

interface Pool {
  fib(n: number): Promise<number>;
  close(): Promise<void>;
}
interface Native {
  fibAsync(n: number): Promise<number>;
  FibPool: new (options?: { spinMicros?: number }) => Pool;
}

/** bench:hop's fixed spins. */
const FIXED_SPINS = [0, 10, 25, 50, 100, 200] as const;
const PER_ROUND = 100;

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 40;
const [dirA, dirB] = args.filter((_, i) => roundsAt < 0 || (i !== roundsAt && i !== roundsAt + 1));
if (dirA === undefined || dirB === undefined || !(rounds >= 2)) {
  throw new Error('usage: bench/hop-builds.ts <packages/native copy A> <copy B> [--rounds 40]');
}

const load = createRequire(import.meta.url);
const builds = [dirA, dirB].map((dir, i) => ({
  name: i === 0 ? 'A' : 'B',
  native: load(resolve(dir, 'index.js')) as Native,
}));

/** Every pool: [build, label, pool]. */
const pools = builds.flatMap(({ name, native }) => [
  [name, 'adaptive', new native.FibPool()] as const,
  ...FIXED_SPINS.map(
    (spinMicros) => [name, `spin ${spinMicros}`, new native.FibPool({ spinMicros })] as const,
  ),
]);
for (const [, , pool] of pools) {
  if ((await pool.fib(20)) !== 6765) throw new Error('pool.fib(20) must be 6765');
}
const fibAsync = builds[0]?.native.fibAsync as Native['fibAsync'];
/** What each round times: every pool's serial calls, and (as in bench:hop) fibAsync's. */
const timed = [
  ...pools.map(
    ([, , pool]) =>
      () =>
        pool.fib(1),
  ),
  () => fibAsync(1),
];
for (const call of timed) for (let i = 0; i < 5 * PER_ROUND; i++) await call(); // warm-up

/** Mean µs per call of each pool in each round. */
const means = timed.map(() => [] as number[]);
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < timed.length; k++) {
    const i = (k + round) % timed.length;
    const call = timed[i] as () => Promise<number>;
    const start = performance.now();
    for (let c = 0; c < PER_ROUND; c++) await call();
    means[i]?.push(((performance.now() - start) * 1000) / PER_ROUND);
  }
}
for (const [, , pool] of pools) await pool.close();

/** Per-round ratios as compare prints them: the geometric mean with its 95 % interval (ts/stats). */
const pairedRatio = (ratios: number[]): string => formatRatio(ratioFromLogRatios(ratios.map(Math.log)));
const indexOf = (build: string, label: string) => pools.findIndex(([b, l]) => b === build && l === label);

for (const { name } of builds) {
  const adaptive = means[indexOf(name, 'adaptive')] ?? [];
  const fixed = FIXED_SPINS.map((spin) => means[indexOf(name, `spin ${spin}`)] ?? []);
  const bestFixed = Math.min(...fixed.map(median));
  const perRound = adaptive.map((mean, r) => mean / Math.min(...fixed.map((f) => f[r] ?? Number.NaN)));
  console.log(
    `${name}: adaptive ${median(adaptive).toFixed(1)} µs, best fixed ${bestFixed.toFixed(1)} µs: ${(median(adaptive) / bestFixed).toFixed(2)}×; per round ÷ that round's best fixed ${pairedRatio(perRound)}`,
  );
}
const adaptiveA = means[indexOf('A', 'adaptive')] ?? [];
const adaptiveB = means[indexOf('B', 'adaptive')] ?? [];
console.log(
  `B ÷ A, adaptive, paired per round: ${pairedRatio(adaptiveB.map((b, r) => b / (adaptiveA[r] ?? Number.NaN)))} (${rounds} rounds of ${PER_ROUND} serial calls; noisy if the machine is shared)`,
);
