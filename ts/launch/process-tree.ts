/**
 * CPU time and memory of a server's whole process tree (main process, worker threads — which
 * live inside it — and child processes), read now and blocking, through this platform's sampler
 * (platform/sampler.ts: /proc on Linux, the process table elsewhere). Undefined where it cannot
 * be read; reports then say "n/a".
 */
import { processSampler } from '../platform/sampler.js';
import { descendants as treeDescendants, isAlive as treeIsAlive } from '../platform/tree.js';

/** PIDs of every descendant of `pid`, parents before children. */
export const descendants = (pid: number): number[] => treeDescendants(pid);

/** True while a process with this PID exists (and, on Linux, is not a zombie). One argument: safe in `filter`. */
export const isAlive = (pid: number): boolean => treeIsAlive(pid);

/** CPU time (user + system, ms) used so far by `pid` and its live descendants. */
export function treeCpuMs(pid: number): number | undefined {
  return processSampler().treeUsageSync(pid)?.cpuMs;
}

/**
 * Peak resident memory of the tree in MiB: the sum of each live process's own peak. An upper
 * bound of the tree's true simultaneous peak, and exact for a steady server.
 */
export function treePeakRssMiB(pid: number): number | undefined {
  return processSampler().treeUsageSync(pid)?.peakRssMiB;
}
