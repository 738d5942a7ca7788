/**
 * Linux's /proc, read directly: the most precise source fiblab has (CPU in USER_HZ ticks, the
 * kernel's own peak RSS, steal time, the real fd limit). Every reader returns undefined (or an
 * empty list) where /proc is missing, and its callers say "n/a".
 */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc/stat and of utime/stime in /proc/<pid>/stat; 100 on every Linux ABI Node runs on. */
export const PROC_TICKS_PER_SECOND = 100;

/** PIDs of every descendant of `pid`, children first (each thread keeps its own child list). */
export function procDescendants(pid: number): number[] {
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
export function procIsAlive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** utime + stime of one process, ms (0 once it is gone). */
export function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that closes the command name: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / PROC_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The kernel's high-water mark of one process's resident memory (VmHWM), KiB (0 once it is gone). */
export function procPeakRssKiB(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** True where /proc can be read. */
export function hasProc(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}

/** The text of /proc/stat (the machine's CPU times), or undefined without /proc. */
export function readProcStat(): string | undefined {
  try {
    return readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * This process's soft limit on open files, from /proc/self/limits (Deno 2.x allows reading it
 * only under --allow-all, which fiblab does not grant). Undefined when unknown or unlimited.
 */
export function procFdLimit(): number | undefined {
  try {
    const match = /^Max open files\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    const soft = Number(match?.[1]);
    return Number.isSafeInteger(soft) && soft > 0 ? soft : undefined;
  } catch {
    return undefined;
  }
}

/** Descriptors open in this process now (/proc/self/fd, less the one that lists it); undefined when unknown. */
export function procOpenFds(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length - 1;
  } catch {
    return undefined;
  }
}
