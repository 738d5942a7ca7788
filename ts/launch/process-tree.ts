/**
 * CPU time and memory of a server's whole process tree (main process, worker threads — which
 * live inside it — and child processes), read from Linux's /proc. Elsewhere the readers
 * return undefined and reports say "n/a".
 */
import { readdirSync, readFileSync } from 'node:fs';

// USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux ABI Node runs on.
const TICKS_PER_SECOND = 100;

/** PIDs of every descendant of `pid`, children first (each thread keeps its own child list). */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  const visit = (parent: number) => {
    let children: number[] = [];
    try {
      for (const task of readdirSync(`/proc/${parent}/task`)) {
        const list = readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8').trim();
        if (list !== '') children = children.concat(list.split(/\s+/).map(Number));
      }
    } catch {
      return; // gone, or no /proc
    }
    for (const child of children) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** True while a process with this PID exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that closes the command name: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function peakRssKiBOf(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

const hasProc = (): boolean => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
};

/** CPU time (user + system, ms) used so far by `pid` and its live descendants. */
export function treeCpuMs(pid: number): number | undefined {
  if (!hasProc()) return undefined;
  return [pid, ...descendants(pid)].reduce((sum, p) => sum + cpuMsOf(p), 0);
}

/**
 * Peak resident memory of the tree in MiB: the sum of each live process's own peak (VmHWM).
 * An upper bound of the tree's true simultaneous peak, and exact for a steady server.
 */
export function treePeakRssMiB(pid: number): number | undefined {
  if (!hasProc()) return undefined;
  return [pid, ...descendants(pid)].reduce((sum, p) => sum + peakRssKiBOf(p), 0) / 1024;
}
