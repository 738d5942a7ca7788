/** The load generator's own CPU and event-loop use over the measured window. */
import os from 'node:os';
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { LoadGeneratorUsage } from './types.js';
import type { WorkerHandle } from './worker-handle.js';

/** A running measurement: call `stop()` when the window closes. */
export interface UsageMeter {
  stop(): LoadGeneratorUsage;
}

/** Starts measuring now: process CPU time (every thread of this process) and each worker's event loop. */
export function startUsage(workers: readonly WorkerHandle[]): UsageMeter {
  const startedAt = performance.now();
  const cpu = process.cpuUsage();
  const loops: EventLoopUtilization[] = workers.map((w) => w.eventLoopUtilization());
  return {
    stop() {
      const elapsedUs = (performance.now() - startedAt) * 1000;
      const used = process.cpuUsage(cpu);
      return {
        cpuPercent: elapsedUs > 0 ? ((used.user + used.system) / elapsedUs) * 100 : 0,
        workers: workers.length,
        cores: os.availableParallelism(),
        eventLoopUtilization: workers.map((w, i) => w.eventLoopUtilization(loops[i]).utilization),
      };
    },
  };
}
