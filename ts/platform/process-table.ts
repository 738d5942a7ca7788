/**
 * The portable sampler's core: a snapshot of the OS's process table (PID, parent, CPU time,
 * resident memory), the tree under one PID found in it, and that tree's CPU and peak memory.
 * Where the table comes from is the OS's business (`ps` on POSIX, PowerShell on Windows); the
 * tree walk, the sums and the peak tracking are the same everywhere, and so are tested on Linux.
 */

/** One process as the table lists it. */
export interface ProcessRow {
  pid: number;
  ppid: number;
  /** user + system CPU so far, ms. */
  cpuMs: number;
  /** Resident memory now, KiB. */
  rssKiB: number;
  /** The OS's own high-water mark of resident memory, KiB, where it keeps one (Windows). */
  peakRssKiB?: number;
}

/** A snapshot of the process table. */
export interface ProcessTable {
  rows: ProcessRow[];
  /** The smallest step of `cpuMs` in this table's source, ms. */
  cpuResolutionMs: number;
}

/** CPU time and peak memory of a process tree. */
export interface TreeUsage {
  /** user + system CPU of the live processes of the tree, ms. */
  cpuMs: number;
  /** Sum of each live process's peak resident memory, MiB. */
  peakRssMiB: number;
  /** Processes in the tree (the root included). */
  processes: number;
}

/** The rows of `root` and of every process under it (root first); empty when `root` is not listed. */
export function treeRows(rows: readonly ProcessRow[], root: number): ProcessRow[] {
  const byParent = new Map<number, ProcessRow[]>();
  for (const row of rows) byParent.set(row.ppid, [...(byParent.get(row.ppid) ?? []), row]);
  const top = rows.find((row) => row.pid === root);
  if (top === undefined) return [];
  // A visited set: on Windows a parent PID can be reused by a later, unrelated process.
  const seen = new Set<number>([root]);
  const tree: ProcessRow[] = [top];
  for (let i = 0; i < tree.length; i++) {
    for (const child of byParent.get((tree[i] as ProcessRow).pid) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      tree.push(child);
    }
  }
  return tree;
}

/**
 * CPU and peak memory of the tree under `root`. `peaks` keeps each PID's largest RSS seen so
 * far (updated here): where the OS keeps no high-water mark, the peak is the largest sampled
 * value, a lower bound of the true one. Undefined when `root` is not in the table.
 */
export function treeUsageOf(
  table: ProcessTable,
  root: number,
  peaks: Map<number, number> = new Map(),
): TreeUsage | undefined {
  const tree = treeRows(table.rows, root);
  if (tree.length === 0) return undefined;
  let cpuMs = 0;
  let peakKiB = 0;
  for (const row of tree) {
    cpuMs += row.cpuMs;
    const peak = Math.max(row.peakRssKiB ?? 0, row.rssKiB, peaks.get(row.pid) ?? 0);
    peaks.set(row.pid, peak);
    peakKiB += peak;
  }
  return { cpuMs, peakRssMiB: peakKiB / 1024, processes: tree.length };
}

/** PIDs under `root` (not `root` itself), parents before their children. */
export function descendantsIn(rows: readonly ProcessRow[], root: number): number[] {
  return treeRows(rows, root)
    .slice(1)
    .map((row) => row.pid);
}

/**
 * `ps`'s cumulative CPU time in ms: `[DD-][hh:]mm:ss[.cc]`. BSD and macOS print hundredths
 * (`1:02.34`); procps prints whole seconds (`00:01:02`). Undefined when it is not a time.
 */
export function parsePsTime(text: string): { ms: number; resolutionMs: number } | undefined {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)(?:[.,](\d+))?$/.exec(text.trim());
  if (match === null) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0', fraction] = match;
  const whole = ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds);
  const fractionMs = fraction === undefined ? 0 : Number(`0.${fraction}`) * 1000;
  return {
    ms: whole * 1000 + fractionMs,
    resolutionMs: fraction === undefined ? 1000 : 1000 / 10 ** fraction.length,
  };
}

/** The output of `ps -A -o pid=,ppid=,rss=,time=` as a table (rss in KiB on every `ps`). */
export function parsePsTable(output: string): ProcessTable {
  const rows: ProcessRow[] = [];
  let resolutionMs = 1000;
  for (const line of output.split('\n')) {
    const [pid, ppid, rss, time] = line.trim().split(/\s+/);
    const cpu = time === undefined ? undefined : parsePsTime(time);
    if (cpu === undefined || !/^\d+$/.test(`${pid}${ppid}${rss}`)) continue;
    resolutionMs = Math.min(resolutionMs, cpu.resolutionMs);
    rows.push({ pid: Number(pid), ppid: Number(ppid), cpuMs: cpu.ms, rssKiB: Number(rss) });
  }
  return { rows, cpuResolutionMs: resolutionMs };
}

/**
 * What the Windows helper prints for each process (powershell-windows.ts): `PID PPID CPU RSS PEAK`
 * with CPU (user + kernel) in 100 ns units, RSS (WorkingSetSize) in bytes and PEAK
 * (PeakWorkingSetSize) in KiB, as Win32_Process gives them.
 */
export function parseWindowsTable(output: string): ProcessTable {
  const rows: ProcessRow[] = [];
  for (const line of output.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 5 || !fields.every((f) => /^\d+$/.test(f))) continue;
    const [pid, ppid, cpu100ns, rssBytes, peakKiB] = fields.map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    rows.push({ pid, ppid, cpuMs: cpu100ns / 10_000, rssKiB: rssBytes / 1024, peakRssKiB: peakKiB });
  }
  // Windows accounts CPU time at the clock interrupt: 15.625 ms by default.
  return { rows, cpuResolutionMs: 15.625 };
}
