/**
 * Slices of a paired run on a simulated noisy machine, for the statistics' tests: each side has a
 * true rate; the machine's speed jumps between two levels (as the shared development VM's does)
 * and every slice has its own multiplicative noise. Slices follow the ABBA schedule.
 */
import { schedule } from '../../ts/stats/paired.js';
import type { Slice } from '../../ts/stats/types.js';
import { gaussian } from './prng.js';

/** How the simulated machine misbehaves. */
export interface MachineNoise {
  /** σ of a slice's log-normal noise, e.g. 0.05. */
  sliceSigma: number;
  /** Chance, per slice, that the machine's speed jumps to the other level. */
  jumpChance: number;
  /** The slow level's speed relative to the fast one, e.g. 0.6. */
  slowLevel: number;
}

/** Slices of `rounds` rounds of the sides in `rates` (side → true req/s) on a machine with `noise`. */
export function simulateSlices(
  rates: Readonly<Record<string, number>>,
  rounds: number,
  noise: MachineNoise,
  random: () => number,
): Slice[] {
  let fast = random() < 0.5;
  return schedule(Object.keys(rates), rounds).map(({ round, side }) => {
    if (random() < noise.jumpChance) fast = !fast;
    const speed = fast ? 1 : noise.slowLevel;
    const reqPerSec = (rates[side] as number) * speed * Math.exp(noise.sliceSigma * gaussian(random));
    return { side, round, reqPerSec };
  });
}
