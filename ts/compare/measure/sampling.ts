/**
 * What compare's samplers can give on this platform: the sampler named with its resolution for
 * the report's header, and the rule that turns a CPU reading too coarse for a slice into "n/a".
 */
import { machineSource, NO_STEAL_REASON } from '../../noise/proc-stat.js';
import { processSampler } from '../../platform/sampler.js';
import { stepWords, WHOLE_MAX_SHARE } from '../analyse/cpu-whole.js';
import type { SamplingReport } from '../types.js';

/**
 * A sampler whose CPU clock steps this coarsely (procps `ps`: whole seconds) can read a slice's
 * CPU as 0 or double it. Its figure is kept only when the slice used at least MIN_CPU_STEPS steps
 * (the difference of two readings is off by under one step: within 5 %, the precision asked of a
 * ratio); below that the slice's CPU per reply is n/a, and its reading goes into the cell's whole
 * time (analyse/cpu-whole.ts). Finer clocks (/proc's 10 ms, macOS ps's 10 ms, Windows' 15.6 ms)
 * are kept as they are.
 */
export const COARSE_CPU_STEP_MS = 100;
export const MIN_CPU_STEPS = 20;

/** Whether a clock of `stepMs` steps reads any slice's CPU finely enough. */
export const cpuReadingFine = (stepMs: number): boolean => stepMs < COARSE_CPU_STEP_MS;

/** Whether a slice's CPU reading of `cpuMs` is fine enough to keep at the sampler's `stepMs`. */
export const cpuReadingKept = (cpuMs: number, stepMs: number): boolean =>
  cpuReadingFine(stepMs) || cpuMs >= MIN_CPU_STEPS * stepMs;

/**
 * Which samplers this run reads, how precise they are and what they cannot give, for the
 * environment header. `local`: servers on this machine (else the remote host's /proc over ssh).
 */
export async function samplingReport(local: boolean): Promise<SamplingReport> {
  const sampler = processSampler();
  if (local) await sampler.treeUsage(process.pid); // a first reading: `ps` shows its resolution
  const info = sampler.info();
  const machine = machineSource();
  const missing: string[] = [];
  if (!machine.steal) missing.push(`steal: ${NO_STEAL_REASON}`);
  if (local && info.cpuResolutionMs !== null && !cpuReadingFine(info.cpuResolutionMs))
    missing.push(
      `CPU per slice (and so the paired CPU-per-reply ratios) where a slice used less than ${(MIN_CPU_STEPS * info.cpuResolutionMs) / 1000} s of CPU: ${info.source} reads CPU in ${stepWords(info.cpuResolutionMs)} steps; a cell's CPU per reply then comes from its whole time (its slices' windows added up, marked ‡) where that is within ±${WHOLE_MAX_SHARE * 100} % (95 %), else n/a`,
    );
  return local
    ? {
        process: info.source,
        cpuResolutionMs: info.cpuResolutionMs,
        peakRss: info.peakRss,
        machine: machine.source,
        missing,
      }
    : {
        process: "the server host's /proc, over ssh",
        cpuResolutionMs: 10,
        peakRss: "the kernel's high-water mark (VmHWM) of each process, summed",
        machine: machine.source,
        missing,
      };
}
