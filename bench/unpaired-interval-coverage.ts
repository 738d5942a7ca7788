/**
 * Which between-runs interval `fiblab diff` / `compare --baseline` uses: the simulated coverage
 * of nominal 95 % intervals of new ÷ old when both runs measured the same thing (A vs A), at
 * the round counts runs have (3 = --quick, 6 = the default, 12 = a map run), on a steady
 * machine, on one whose speed jumps (the development VM), and on a machine that is 3 % slower
 * on the second day (what no between-runs interval can see). Seeded: the same table every run.
 *
 *   node --import tsx bench/unpaired-interval-coverage.ts [trials]
 */

import { seededRandom } from '../test/helpers/prng.js';
import { type MachineNoise, simulateSlices } from '../test/helpers/simulated-machine.js';
import { type UnpairedMethod, unpairedRatio } from '../ts/stats/unpaired.js';

const methods: UnpairedMethod[] = ['welch', 'hodges-lehmann'];
const machines: Record<string, MachineNoise & { dayShift: number }> = {
  steady: { sliceSigma: 0.05, jumpChance: 0, slowLevel: 1, dayShift: 1 },
  jumpy: { sliceSigma: 0.05, jumpChance: 0.1, slowLevel: 0.6, dayShift: 1 },
  'very jumpy': { sliceSigma: 0.05, jumpChance: 0.3, slowLevel: 0.6, dayShift: 1 },
  // Every slice fast or slow by a coin toss: heavy-tailed noise with no memory between rounds.
  'coin-toss': { sliceSigma: 0.05, jumpChance: 0.5, slowLevel: 0.8, dayShift: 1 },
  'day 3 % slower': { sliceSigma: 0.05, jumpChance: 0, slowLevel: 1, dayShift: 0.97 },
};
const trials = Number(process.argv[2] ?? 4000);

/** One run's per-round values of one cell. */
const runValues = (rounds: number, noise: MachineNoise, random: () => number, scale: number) =>
  simulateSlices({ A: 1000 * scale }, rounds, noise, random).map((s) => s.reqPerSec);

console.log(
  `coverage of 95 % intervals of new ÷ old for A vs A (${trials} seeded trials), median half-width`,
);
for (const [machine, noise] of Object.entries(machines)) {
  for (const rounds of [3, 6, 12]) {
    const random = seededRandom(rounds * 7919 + machine.length);
    const tally = Object.fromEntries(methods.map((m) => [m, { covered: 0, widths: [] as number[] }]));
    for (let trial = 0; trial < trials; trial++) {
      const old = runValues(rounds, noise, random, 1);
      const fresh = runValues(rounds, noise, random, noise.dayShift);
      for (const method of methods) {
        const { interval } = unpairedRatio(fresh, old, method);
        if (interval === null) continue;
        const entry = tally[method] as { covered: number; widths: number[] };
        if (interval.low <= 1 && interval.high >= 1) entry.covered++;
        entry.widths.push(Math.log(interval.high / interval.low) / 2);
      }
    }
    const cells = methods.map((name) => {
      const { covered, widths } = tally[name] as { covered: number; widths: number[] };
      if (widths.length === 0) return `${name} n/a`.padEnd(28);
      const half = widths.sort((x, y) => x - y)[widths.length >> 1] as number;
      return `${name} ${((100 * covered) / trials).toFixed(1)} % ±${(100 * half).toFixed(1)} %`.padEnd(28);
    });
    console.log(`${machine.padEnd(14)} n=${String(rounds).padEnd(2)}  ${cells.join('  |  ')}`);
  }
}
