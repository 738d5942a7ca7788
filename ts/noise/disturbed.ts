/**
 * When a cell's figures were measured on a disturbed machine, and why: the rule behind the
 * warnings. Both limits are shares of the whole machine (all cores = 100 %).
 *
 * - steal above 5 %: the hypervisor ran other guests for 5 % of our CPU time (a tenth of a vCPU
 *   on 2 vCPUs). A CPU-bound cell loses about that much throughput, unevenly across slices —
 *   the size of the ±5 % precision asked of a ratio. A dedicated or quiet host shows under 1 %.
 * - others above 10 %: processes besides the server and the load generator used a tenth of the
 *   machine (a fifth of a core on 2 cores). On a quiet machine the background (daemons, the shell,
 *   the compare script) stays at a few %; 10 % competes with the server for the same cores and
 *   moves CPU-bound rates by more than the precision asked.
 */
import type { NoiseSample } from './proc-stat.js';

/** The limits above which a cell is flagged (percent of the whole machine). */
export const DISTURBANCE_LIMITS = { stealPct: 5, othersPct: 10 } as const;

/** Why `sample` counts as disturbed, one phrase per reason (`steal 7.5 %`); empty when it does not. */
export function disturbances(
  sample: NoiseSample | undefined,
  limits: { stealPct: number; othersPct: number } = DISTURBANCE_LIMITS,
): string[] {
  if (sample === undefined) return [];
  const reasons: string[] = [];
  if (sample.stealPct !== null && sample.stealPct > limits.stealPct)
    reasons.push(`steal ${sample.stealPct} % of the machine`);
  if (sample.othersPct !== null && sample.othersPct > limits.othersPct) {
    reasons.push(`other processes used ${sample.othersPct} % of the machine`);
  }
  return reasons;
}

/** True when `sample` passes either limit: the cell gets a warning. */
export function disturbed(sample: NoiseSample | undefined): boolean {
  return disturbances(sample).length > 0;
}
