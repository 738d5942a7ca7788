/**
 * Noise sensing from Linux's /proc/stat: between two snapshots, how much CPU the hypervisor stole
 * and how much of the machine other processes used beside the server tree and the load generator.
 * Where /proc is missing (macOS, Windows) every reader returns undefined and reports say "n/a".
 */
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { treeCpuMs } from '../launch/process-tree.js';

/** The machine's CPU time over all cores since boot, in USER_HZ ticks: /proc/stat's `cpu` line. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  /** Time the hypervisor ran other guests while ours wanted to run. */
  steal: number;
}

// USER_HZ: the unit of /proc/stat and of /proc/<pid>/stat; 100 on every Linux ABI Node runs on.
const TICKS_PER_SECOND = 100;
const FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

/**
 * The aggregate `cpu` line of /proc/stat's text; undefined if absent. guest and guest_nice (the
 * 9th and 10th values) are already counted in user and nice, so they are not read.
 */
export function parseCpuLine(procStat: string): CpuTimes | undefined {
  const line = /^cpu\s+(.*)$/m.exec(procStat)?.[1];
  if (line === undefined) return undefined;
  const values = line.trim().split(/\s+/).map(Number);
  // Kernels before 2.6.11 had no steal column: count it as 0.
  const times = Object.fromEntries(FIELDS.map((field, i) => [field, values[i] ?? 0])) as unknown as CpuTimes;
  return FIELDS.slice(0, 4).every((field) => Number.isFinite(times[field])) ? times : undefined;
}

/** The machine's CPU times now, or undefined without /proc. */
export function readCpuTimes(path = '/proc/stat'): CpuTimes | undefined {
  try {
    return parseCpuLine(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** What is read at the start and at the end of a cell. */
export interface NoiseSnapshot {
  machine: CpuTimes;
  /** CPU ms used so far by the server tree on this machine (0 when the server runs elsewhere). */
  serverCpuMs: number | undefined;
  /** CPU ms used so far by the load generator (this process unless told otherwise). */
  loadCpuMs: number;
}

/** CPU time (user + system) used so far by this process and all its threads, in ms. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * A snapshot for {@link noiseBetween}; undefined without /proc. `serverPid` is the local server's
 * main process (its whole tree is counted); give `serverCpuMs` instead for a server read some
 * other way, 0 for one on another machine. `loadCpuMs` defaults to this process's own CPU time.
 */
export function takeNoiseSnapshot(
  options: { serverPid?: number; serverCpuMs?: number; loadCpuMs?: number } = {},
): NoiseSnapshot | undefined {
  const machine = readCpuTimes();
  if (machine === undefined) return undefined;
  const serverCpuMs =
    options.serverCpuMs ?? (options.serverPid === undefined ? undefined : treeCpuMs(options.serverPid));
  return { machine, serverCpuMs, loadCpuMs: options.loadCpuMs ?? ownCpuMs() };
}

/** How disturbed the machine was during a cell: shares of the whole machine (all cores = 100 %). */
export interface NoiseSample {
  /** CPU time the machine had in the interval, in core-seconds (≈ wall seconds × cores). */
  coreSeconds: number;
  /** Stolen by the hypervisor for other guests. */
  stealPct: number;
  /** Spent running anything: user, nice, system, irq, softirq. */
  busyPct: number;
  /** Used by the server tree (null when it was not read). */
  serverPct: number | null;
  /** Used by the load generator. */
  loadPct: number;
  /** busy − server − load: other processes (and the kernel's work for them); null without the server's figure. */
  othersPct: number | null;
}

const round1 = (pct: number) => Math.round(pct * 10) / 10;

/** The noise between two snapshots; undefined if either is missing or no time passed. */
export function noiseBetween(
  start: NoiseSnapshot | undefined,
  end: NoiseSnapshot | undefined,
): NoiseSample | undefined {
  if (start === undefined || end === undefined) return undefined;
  const delta = (field: keyof CpuTimes) => end.machine[field] - start.machine[field];
  const total = FIELDS.reduce((sum, field) => sum + delta(field), 0);
  if (total <= 0) return undefined;
  const pctOfTicks = (ticks: number) => (100 * ticks) / total;
  const pctOfMs = (ms: number) => pctOfTicks((ms * TICKS_PER_SECOND) / 1000);
  const busyPct = pctOfTicks(
    delta('user') + delta('nice') + delta('system') + delta('irq') + delta('softirq'),
  );
  const serverPct =
    start.serverCpuMs === undefined || end.serverCpuMs === undefined
      ? null
      : pctOfMs(Math.max(0, end.serverCpuMs - start.serverCpuMs));
  const loadPct = pctOfMs(Math.max(0, end.loadCpuMs - start.loadCpuMs));
  return {
    coreSeconds: total / TICKS_PER_SECOND,
    stealPct: round1(pctOfTicks(delta('steal'))),
    busyPct: round1(busyPct),
    serverPct: serverPct === null ? null : round1(serverPct),
    loadPct: round1(loadPct),
    // Per-task and per-CPU accounting round ticks differently: never below 0.
    othersPct: serverPct === null ? null : round1(Math.max(0, busyPct - serverPct - loadPct)),
  };
}

/** The whole machine over `ms` (for the environment header's "steal at start"); undefined without /proc. */
export async function sampleMachine(ms = 1000): Promise<NoiseSample | undefined> {
  const start = takeNoiseSnapshot({ serverCpuMs: 0 });
  await delay(ms);
  return noiseBetween(start, takeNoiseSnapshot({ serverCpuMs: 0 }));
}
