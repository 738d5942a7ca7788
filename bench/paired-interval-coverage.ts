/**
 * Why fiblab's paired intervals are t and signed-rank, not the bootstrap: the simulated coverage
 * of nominal 95 % intervals at the small pair counts a benchmark can afford, on a steady machine
 * and on one whose speed jumps (the development VM). Seeded: prints the same table every run.
 *
 *   node --import tsx bench/paired-interval-coverage.ts [trials]
 */

import { seededRandom } from '../test/helpers/prng.js';
import { type MachineNoise, simulateSlices } from '../test/helpers/simulated-machine.js';
import { logInterval } from '../ts/stats/log-interval.js';
import { pairedLogRatios } from '../ts/stats/paired.js';

type Method = (d: readonly number[], random: () => number) => { low: number; high: number } | null;

/** The percentile bootstrap of the mean, 2000 resamples: the usual choice, for comparison. */
const percentileBootstrap: Method = (d, random) => {
  const means = Array.from({ length: 2000 }, () => {
    let sum = 0;
    for (let i = 0; i < d.length; i++) sum += d[Math.floor(random() * d.length)] as number;
    return sum / d.length;
  }).sort((x, y) => x - y);
  return { low: means[49] as number, high: means[1949] as number };
};

const methods: Record<string, Method> = {
  'percentile bootstrap': percentileBootstrap,
  t: (d) => logInterval(d, 't').interval,
  'signed-rank': (d) => logInterval(d, 'signed-rank').interval,
};
const machines: Record<string, MachineNoise> = {
  steady: { sliceSigma: 0.05, jumpChance: 0, slowLevel: 1 },
  jumpy: { sliceSigma: 0.05, jumpChance: 0.1, slowLevel: 0.6 },
};
const trials = Number(process.argv[2] ?? 2000);

console.log(`coverage of 95 % intervals for A vs A (${trials} seeded trials), and median half-width`);
for (const [machine, noise] of Object.entries(machines)) {
  for (const rounds of [5, 8, 12]) {
    const random = seededRandom(rounds);
    const tally = Object.fromEntries(
      Object.keys(methods).map((m) => [m, { covered: 0, widths: [] as number[] }]),
    );
    for (let trial = 0; trial < trials; trial++) {
      const d = pairedLogRatios(simulateSlices({ A: 1000, B: 1000 }, rounds, noise, random), 'A', 'B');
      for (const [name, method] of Object.entries(methods)) {
        const interval = method(d, random);
        if (interval === null) continue;
        const entry = tally[name] as { covered: number; widths: number[] };
        if (interval.low <= 0 && interval.high >= 0) entry.covered++;
        entry.widths.push((interval.high - interval.low) / 2);
      }
    }
    const cells = Object.entries(tally).map(([name, { covered, widths }]) => {
      if (widths.length === 0) return `${name} n/a`;
      const half = widths.sort((x, y) => x - y)[widths.length >> 1] as number;
      return `${name} ${((100 * covered) / trials).toFixed(1)} % ±${(100 * half).toFixed(1)} %`;
    });
    console.log(`${machine.padEnd(6)} n=${String(rounds).padEnd(2)}  ${cells.join('  |  ')}`);
  }
}
