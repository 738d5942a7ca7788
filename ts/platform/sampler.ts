/**
 * THE process sampler: CPU time and peak resident memory of a server's whole process tree. Two
 * implementations behind one interface: Linux's /proc (exact peaks, 10 ms CPU ticks: the most
 * precise) and the portable one over the OS's process table (`ps` on macOS and the BSDs,
 * PowerShell on Windows), which FIBLAB_PLATFORM=portable forces on Linux too.
 *
 * Why not pidusage + pidtree: both read Windows through `wmic`, which Windows 11 24H2 and
 * Windows Server 2025 (GitHub's windows-latest) no longer ship, and on Linux pidusage reads
 * /proc anyway; one small module per table source is less than the two packages.
 */

import { windowsTable, windowsTableSync } from './powershell-windows.js';
import { hasProc, procCpuMs, procDescendants, procPeakRssKiB } from './proc-linux.js';
import type { ProcessTable, TreeUsage } from './process-table.js';
import { treeUsageOf } from './process-table.js';
import { psTable, psTableSync } from './ps-posix.js';
import { platformPaths } from './switch.js';

export type { TreeUsage } from './process-table.js';

/** Which sampler, how precise, and what it cannot give: said in every report. */
export interface SamplerInfo {
  /** `proc` (Linux /proc), `ps` (POSIX ps) or `powershell` (Windows CIM). */
  name: 'proc' | 'ps' | 'powershell';
  /** The source in words. */
  source: string;
  /** The smallest step of a CPU reading, ms; null until the first reading (ps shows its own). */
  cpuResolutionMs: number | null;
  /** How the peak memory is had. */
  peakRss: string;
}

/** A process-tree sampler. */
export interface ProcessSampler {
  info(): SamplerInfo;
  /** The tree under `pid` now; undefined when `pid` is gone or the source cannot be read. */
  treeUsage(pid: number): Promise<TreeUsage | undefined>;
  /** The same, blocking (test evidence, signal handlers). */
  treeUsageSync(pid: number): TreeUsage | undefined;
}

/** Linux /proc: per-process utime + stime, and the kernel's own high-water mark (VmHWM). */
export class ProcSampler implements ProcessSampler {
  info(): SamplerInfo {
    return {
      name: 'proc',
      source: 'Linux /proc',
      cpuResolutionMs: 10,
      peakRss: "the kernel's high-water mark (VmHWM) of each process, summed",
    };
  }

  treeUsageSync(pid: number): TreeUsage | undefined {
    if (!hasProc()) return undefined;
    const tree = [pid, ...procDescendants(pid)];
    const rootPeak = procPeakRssKiB(pid);
    if (rootPeak === 0) return undefined; // gone (a live process always has a peak)
    return {
      cpuMs: tree.reduce((sum, p) => sum + procCpuMs(p), 0),
      peakRssMiB: (rootPeak + tree.slice(1).reduce((sum, p) => sum + procPeakRssKiB(p), 0)) / 1024,
      processes: tree.length,
    };
  }

  async treeUsage(pid: number): Promise<TreeUsage | undefined> {
    return this.treeUsageSync(pid);
  }
}

/** The portable sampler: the OS's process table, the tree found in it by parent PID. */
export class TableSampler implements ProcessSampler {
  readonly #name: 'ps' | 'powershell';
  readonly #read: () => Promise<ProcessTable | undefined>;
  readonly #readSync: () => ProcessTable | undefined;
  /** Each PID's largest RSS seen: the peak where the OS keeps none. */
  readonly #peaks = new Map<number, number>();
  #resolutionMs: number | null = null;

  constructor(windows: boolean) {
    this.#name = windows ? 'powershell' : 'ps';
    this.#read = windows ? windowsTable : psTable;
    this.#readSync = windows ? windowsTableSync : psTableSync;
  }

  info(): SamplerInfo {
    return this.#name === 'ps'
      ? {
          name: 'ps',
          source: 'ps (POSIX process table)',
          cpuResolutionMs: this.#resolutionMs,
          peakRss: 'the largest resident memory seen at a sample, per process, summed (a lower bound)',
        }
      : {
          name: 'powershell',
          source: 'PowerShell Get-CimInstance Win32_Process',
          cpuResolutionMs: this.#resolutionMs,
          peakRss: "Windows' own peak working set of each process, summed",
        };
  }

  #usage(table: ProcessTable | undefined, pid: number): TreeUsage | undefined {
    if (table === undefined) return undefined;
    this.#resolutionMs = table.cpuResolutionMs;
    return treeUsageOf(table, pid, this.#peaks);
  }

  async treeUsage(pid: number): Promise<TreeUsage | undefined> {
    return this.#usage(await this.#read(), pid);
  }

  treeUsageSync(pid: number): TreeUsage | undefined {
    return this.#usage(this.#readSync(), pid);
  }
}

let chosen: { key: string; sampler: ProcessSampler } | undefined;

/** The sampler for this process: /proc on Linux, the process table elsewhere or when forced portable. */
export function processSampler(paths = platformPaths()): ProcessSampler {
  const key = paths.proc ? 'proc' : paths.windows ? 'powershell' : 'ps';
  if (chosen?.key !== key) {
    chosen = { key, sampler: paths.proc ? new ProcSampler() : new TableSampler(paths.windows) };
  }
  return chosen.sampler;
}
