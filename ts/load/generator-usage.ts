/**
 * The load generator's own resource use over the measured window: the CPU time of this whole
 * process (every thread), measured from the main thread, and each worker's event-loop
 * utilisation, which each worker measures on itself over its own window (see client-worker.ts).
 */
import os from 'node:os';
import type { LoadGeneratorUsage } from './types.js';

/** A running CPU measurement: call `stop()` when the window closes. */
export interface CpuMeter {
  /** CPU time of the process since the start, as % of one core. */
  stop(): number;
}

/** Starts measuring this process's CPU time (all threads) now. */
export function startCpuMeter(): CpuMeter {
  const startedAt = performance.now();
  const cpu = process.cpuUsage();
  return {
    stop() {
      const elapsedUs = (performance.now() - startedAt) * 1000;
      const used = process.cpuUsage(cpu);
      return elapsedUs > 0 ? ((used.user + used.system) / elapsedUs) * 100 : 0;
    },
  };
}

/** The report's usage block from the CPU figure and the utilisation each worker reported. */
export function generatorUsage(cpuPercent: number, eventLoopUtilization: number[]): LoadGeneratorUsage {
  return {
    cpuPercent,
    workers: eventLoopUtilization.length,
    cores: os.availableParallelism(),
    eventLoopUtilization,
  };
}
