/**
 * What compare's samplers can give on this platform: the sampler named with its resolution for
 * the report's header, with what a reading too coarse for a slice leaves n/a (the rule:
 * platform/cpu-resolution.ts).
 */
import { machineSource, NO_STEAL_REASON } from '../../noise/proc-stat.js';
import { cpuReadingFine, MIN_CPU_STEPS, stepWords } from '../../platform/cpu-resolution.js';
import { processSampler } from '../../platform/sampler.js';
import { WHOLE_MAX_SHARE } from '../analyse/cpu-whole.js';
import type { SamplingReport } from '../types.js';

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
      `CPU per slice (and so the paired CPU-per-reply ratios, and the other processes' share of the machine) where a slice's server used less than ${(MIN_CPU_STEPS * info.cpuResolutionMs) / 1000} s of CPU: ${info.source} reads CPU in ${stepWords(info.cpuResolutionMs)} steps; a cell's CPU per reply then comes from its whole time (its slices' windows added up, marked ‡) where that is within ±${WHOLE_MAX_SHARE * 100} % (95 %), else n/a`,
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
