/**
 * CPU affinity for `--server-cpus 0-7 --load-cpus 8-15`, the Linux implementation (affinity.ts is
 * what the rest of fiblab imports): the server tree on some cores, the load
 * generator's workers on others, so neither steals the other's cycles. Linux only, through
 * util-linux's `taskset` (Node has no sched_setaffinity): a server is started as
 * `taskset -c LIST cmd args`, and the running load generator is pinned with `taskset -a -p`,
 * which sets every thread it has; threads started later (worker_threads, libuv's pool) inherit
 * the mask of the thread that creates them.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { type CodeOf, ERROR_CODES, type WithCode, withCode } from '../errors.js';
import { findExecutable } from '../platform/find-executable.js';

/** Stable error codes of the affinity functions (their part of the one table). */
export const AffinityErrorCodes = ERROR_CODES.affinity;

/** An Error from the affinity functions, with a stable `code`. */
export type AffinityError = WithCode<CodeOf<'affinity'>>;

const affinityError = (code: AffinityError['code'], message: string): AffinityError =>
  withCode(new Error(message), code);

/** The highest CPU number accepted (Linux's largest NR_CPUS is 8192). */
export const MAX_CPU = 8191;

/**
 * The CPUs of a list such as `0-3,6` (taskset's and /proc's syntax), sorted, each once. `flag`
 * names the option in the error. Throws ERR_AFFINITY_LIST when the list is malformed.
 */
export function parseCpuList(text: string, flag = 'cpus'): number[] {
  const cpus = new Set<number>();
  const bad = (why: string) =>
    affinityError(
      AffinityErrorCodes.LIST,
      `--${flag} must be a CPU list such as 0-3,6 (${why}), got '${text}'`,
    );
  if (text.trim() === '') throw bad('it is empty');
  for (const item of text.split(',')) {
    const match = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(item);
    if (match === null) throw bad(`'${item}' is neither a CPU number nor a range`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last > MAX_CPU) throw bad(`CPU numbers go up to ${MAX_CPU}`);
    if (last < first) throw bad(`the range ${item.trim()} runs backwards`);
    for (let cpu = first; cpu <= last; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

/** The shortest list text for `cpus`: [0, 1, 2, 3, 6] → `0-3,6`. */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(',');
}

/** The CPUs a task may run on, from a /proc `status` file's Cpus_allowed_list; undefined if unreadable. */
function cpusAllowedBy(statusPath: string): number[] | undefined {
  try {
    const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(statusPath, 'utf8'))?.[1];
    return list === undefined ? undefined : parseCpuList(list);
  } catch {
    return undefined;
  }
}

/**
 * The CPUs this process may use: /proc/self/status's Cpus_allowed_list (which honours cpusets
 * and containers), or 0..availableParallelism − 1 without /proc.
 */
export function allowedCpus(): number[] {
  return cpusAllowedBy('/proc/self/status') ?? Array.from({ length: availableParallelism() }, (_, i) => i);
}

/** Each thread of `pid` (by thread id) with the CPUs it may run on; undefined without /proc or the process. */
export function threadAffinities(pid: number): Map<number, number[]> | undefined {
  try {
    const threads = new Map<number, number[]>();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const cpus = cpusAllowedBy(`/proc/${pid}/task/${tid}/status`);
      if (cpus !== undefined) threads.set(Number(tid), cpus);
    }
    return threads;
  } catch {
    return undefined;
  }
}

/** Where the server tree and the load generator's workers run. */
export interface AffinityPlan {
  server: number[];
  load: number[];
}

/**
 * The plan for `--server-cpus SERVER --load-cpus LOAD`, checked against the CPUs this process
 * may use (`available`). Refused (ERR_AFFINITY_REFUSED) where fewer than 2 CPUs are available,
 * a set names a CPU that is not, or the sets overlap.
 */
export function planAffinity(serverCpus: string, loadCpus: string, available = allowedCpus()): AffinityPlan {
  const server = parseCpuList(serverCpus, 'server-cpus');
  const load = parseCpuList(loadCpus, 'load-cpus');
  const have = formatCpuList(available);
  const refuse = (why: string) => affinityError(AffinityErrorCodes.REFUSED, why);
  if (available.length < 2) {
    throw refuse(
      `this machine lets fiblab use ${available.length} CPU (${have}); separate server and load CPUs need at least 2`,
    );
  }
  for (const [flag, cpus] of [
    ['server-cpus', server],
    ['load-cpus', load],
  ] as const) {
    const missing = cpus.filter((cpu) => !available.includes(cpu));
    if (missing.length > 0) {
      throw refuse(
        `--${flag}: CPU ${formatCpuList(missing)} is not available here (this process may use ${have})`,
      );
    }
  }
  const shared = server.filter((cpu) => load.includes(cpu));
  if (shared.length > 0) {
    throw refuse(
      `--server-cpus and --load-cpus overlap on CPU ${formatCpuList(shared)}; give them separate cores`,
    );
  }
  return { server, load };
}

/** The path of `taskset` on PATH, or undefined (install util-linux). */
export const findTaskset = (path = process.env.PATH ?? ''): string | undefined =>
  findExecutable('taskset', path);

const noTaskset = () =>
  affinityError(AffinityErrorCodes.TASKSET, 'CPU affinity needs taskset (util-linux), which is not on PATH');

/** `command args` wrapped to start on `cpus` only: `taskset -c LIST command args`. Its children inherit. `taskset` null: missing. */
export function withAffinity(
  cpus: readonly number[],
  command: string,
  args: readonly string[],
  taskset: string | null = findTaskset() ?? null,
): { command: string; args: string[] } {
  if (taskset === null) throw noTaskset();
  return { command: taskset, args: ['-c', formatCpuList(cpus), command, ...args] };
}

function runTaskset(taskset: string, pid: number, cpus: readonly number[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      taskset,
      ['-a', '-p', '-c', formatCpuList(cpus), String(pid)],
      { timeout: timeoutMs },
      (error, _out, stderr) => {
        if (error === null) return resolve();
        const why = stderr.trim() || error.message;
        reject(
          affinityError(
            AffinityErrorCodes.TASKSET,
            `taskset could not pin process ${pid} to ${formatCpuList(cpus)}: ${why}`,
          ),
        );
      },
    );
  });
}

/** The threads of `pid` not (yet) on exactly `cpus`; undefined when the process is not there. */
function threadsOff(pid: number, cpus: readonly number[]): number[] | undefined {
  const threads = threadAffinities(pid);
  if (threads === undefined || threads.size === 0) return undefined;
  const want = formatCpuList(cpus);
  return [...threads].filter(([, set]) => formatCpuList(set) !== want).map(([tid]) => tid);
}

/**
 * Pins every thread of the running process `pid` (e.g. `process.pid`, the load generator) to
 * `cpus`: `taskset -a -p -c LIST PID`, each call bounded by `timeoutMs`. Threads created
 * afterwards inherit. Checked in /proc (taskset -a says nothing about a PID that is gone); a
 * thread started by a thread not yet pinned is caught by a second pass.
 */
export async function pinProcess(
  pid: number,
  cpus: readonly number[],
  timeoutMs = 5000,
  taskset: string | null = findTaskset() ?? null,
): Promise<void> {
  if (taskset === null) throw noTaskset();
  const hasProc = threadAffinities(process.pid) !== undefined;
  for (let pass = 0; pass < 3; pass++) {
    await runTaskset(taskset, pid, cpus, timeoutMs);
    if (!hasProc) return;
    const off = threadsOff(pid, cpus);
    if (off === undefined) {
      throw affinityError(AffinityErrorCodes.TASKSET, `cannot pin process ${pid}: no such process`);
    }
    if (off.length === 0) return;
  }
  throw affinityError(
    AffinityErrorCodes.TASKSET,
    `process ${pid} keeps threads off CPU ${formatCpuList(cpus)} after 3 passes of taskset`,
  );
}
