/**
 * Noise sensing: between two snapshots of the machine's CPU times, how much CPU the hypervisor
 * stole and how much of the machine other processes used beside the server tree and the load
 * generator. Linux's /proc/stat gives all of it; elsewhere (and under FIBLAB_PLATFORM=portable)
 * os.cpus() gives the same times without steal, which reports then show as "n/a" with the reason.
 */
import { cpus } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { treeCpuMs } from '../launch/process-tree.js';
import { coarseReason, cpuReadingKept } from '../platform/cpu-resolution.js';
import { readProcStat } from '../platform/proc-linux.js';
import { processSampler } from '../platform/sampler.js';
import { platformPaths } from '../platform/switch.js';

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

/** Why a portable snapshot has no steal figure: said beside every "n/a". */
export const NO_STEAL_REASON = 'os.cpus() has no steal time';

/**
 * The machine's CPU times over all cores from os.cpus() (ms there, converted to USER_HZ ticks),
 * which every OS Node runs on gives; no steal, no iowait or softirq of its own.
 */
export function portableCpuTimes(): CpuTimes | undefined {
  const all = cpus();
  if (all.length === 0) return undefined;
  const sum = (field: 'user' | 'nice' | 'sys' | 'idle' | 'irq') =>
    (all.reduce((total, cpu) => total + cpu.times[field], 0) * TICKS_PER_SECOND) / 1000;
  return {
    user: sum('user'),
    nice: sum('nice'),
    system: sum('sys'),
    idle: sum('idle'),
    iowait: 0,
    irq: sum('irq'),
    softirq: 0,
    steal: 0,
  };
}

/** The machine's CPU times now: /proc/stat on Linux, os.cpus() elsewhere; undefined when neither answers. */
export function readCpuTimes(): CpuTimes | undefined {
  if (!platformPaths().proc) return portableCpuTimes();
  const text = readProcStat();
  return text === undefined ? undefined : parseCpuLine(text);
}

/** Where {@link readCpuTimes} reads, and whether it knows steal time. */
export function machineSource(): { source: string; steal: boolean } {
  return platformPaths().proc
    ? { source: 'Linux /proc (stat)', steal: true }
    : { source: 'os.cpus()', steal: false };
}

/** What is read at the start and at the end of a cell. */
export interface NoiseSnapshot {
  machine: CpuTimes;
  /** False when the source has no steal time (os.cpus()): the sample's steal is then null. */
  steal?: boolean;
  /** CPU ms used so far by the server tree on this machine (0 when the server runs elsewhere). */
  serverCpuMs: number | undefined;
  /** The step of the sampler's clock that read `serverCpuMs`, ms (absent: fine enough for any window). */
  serverCpuStepMs?: number;
  /** CPU ms used so far by the load generator (this process unless told otherwise). */
  loadCpuMs: number;
}

/** CPU time (user + system) used so far by this process and all its threads, in ms. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * A snapshot for {@link noiseBetween}; undefined when the machine's times cannot be read. `serverPid` is the local server's
 * main process (its whole tree is counted); give `serverCpuMs` instead for a server read some
 * other way, 0 for one on another machine. `loadCpuMs` defaults to this process's own CPU time.
 */
export function takeNoiseSnapshot(
  options: { serverPid?: number; serverCpuMs?: number; serverCpuStepMs?: number; loadCpuMs?: number } = {},
): NoiseSnapshot | undefined {
  const machine = readCpuTimes();
  if (machine === undefined) return undefined;
  const read = options.serverCpuMs === undefined && options.serverPid !== undefined;
  const serverCpuMs = read ? treeCpuMs(options.serverPid as number) : options.serverCpuMs;
  // The sampler knows its step once it has read (ps shows its own).
  const serverCpuStepMs = read
    ? (processSampler().info().cpuResolutionMs ?? undefined)
    : options.serverCpuStepMs;
  const steal = machineSource().steal;
  return {
    machine,
    ...(steal ? {} : { steal }),
    serverCpuMs,
    ...(serverCpuStepMs === undefined ? {} : { serverCpuStepMs }),
    loadCpuMs: options.loadCpuMs ?? ownCpuMs(),
  };
}

/** How disturbed the machine was during a cell: shares of the whole machine (all cores = 100 %). */
export interface NoiseSample {
  /** CPU time the machine had in the interval, in core-seconds (≈ wall seconds × cores). */
  coreSeconds: number;
  /** Stolen by the hypervisor for other guests; null where the source has none ({@link NO_STEAL_REASON}). */
  stealPct: number | null;
  /** Spent running anything: user, nice, system, irq, softirq. */
  busyPct: number;
  /** Used by the server tree (null when it was not read, or read too coarsely: {@link serverNa}). */
  serverPct: number | null;
  /** Why serverPct and othersPct are null when the server was read, e.g. `CPU in 1 s steps`. */
  serverNa?: string;
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
  const serverMs =
    start.serverCpuMs === undefined || end.serverCpuMs === undefined
      ? undefined
      : Math.max(0, end.serverCpuMs - start.serverCpuMs);
  // A server read in steps too coarse for this window (procps ps: 1 s) has no share here, nor so "others".
  const stepMs = Math.max(start.serverCpuStepMs ?? 0, end.serverCpuStepMs ?? 0);
  const serverNa =
    serverMs !== undefined && !cpuReadingKept(serverMs, stepMs) ? coarseReason(stepMs) : undefined;
  const serverPct = serverMs === undefined || serverNa !== undefined ? null : pctOfMs(serverMs);
  const loadPct = pctOfMs(Math.max(0, end.loadCpuMs - start.loadCpuMs));
  return {
    coreSeconds: total / TICKS_PER_SECOND,
    stealPct: start.steal === false || end.steal === false ? null : round1(pctOfTicks(delta('steal'))),
    busyPct: round1(busyPct),
    serverPct: serverPct === null ? null : round1(serverPct),
    ...(serverNa === undefined ? {} : { serverNa }),
    loadPct: round1(loadPct),
    // Per-task and per-CPU accounting round ticks differently: never below 0.
    othersPct: serverPct === null ? null : round1(Math.max(0, busyPct - serverPct - loadPct)),
  };
}

/** The whole machine over `ms` (for the environment header's "steal at start"); undefined when unreadable. */
export async function sampleMachine(ms = 1000): Promise<NoiseSample | undefined> {
  const start = takeNoiseSnapshot({ serverCpuMs: 0 });
  await delay(ms);
  return noiseBetween(start, takeNoiseSnapshot({ serverCpuMs: 0 }));
}
