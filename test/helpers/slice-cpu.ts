/**
 * Whether compare, on this machine and platform path, reads each slice's CPU. Not under
 * FIBLAB_PLATFORM=portable on Linux: procps' `ps` counts CPU in whole seconds, so a short slice's
 * CPU per reply is n/a with its reason (compare/measure/sampling.ts). Tests that assert CPU figures
 * assert that reason instead there.
 */
import { cpuReadingFine } from '../../ts/platform/cpu-resolution.js';
import { processSampler } from '../../ts/platform/sampler.js';

export async function slicesReadCpu(): Promise<boolean> {
  const sampler = processSampler();
  await sampler.treeUsage(process.pid); // a first reading: `ps` shows its resolution
  const step = sampler.info().cpuResolutionMs;
  return step !== null && cpuReadingFine(step);
}
