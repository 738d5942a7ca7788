/**
 * CPU-time evidence about a server's process tree (Linux /proc), in place of wall-clock waits:
 * an idle server uses no CPU, so growth proves it is computing, and no growth proves it is not.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { treeCpuMs } from '../../ts/launch/process-tree.js';
import { hasProc } from '../../ts/platform/proc-linux.js';
import { ProcSampler } from '../../ts/platform/sampler.js';
import { waitUntil } from './wait-until.js';

// The test's own eyes, not the code under test: /proc wherever it exists, even under
// FIBLAB_PLATFORM=portable, whose `ps` on Linux counts CPU in whole seconds (these waits need 20 ms).
const precise = hasProc() ? new ProcSampler() : undefined;

/** CPU time of the tree now (ms); 0 where it cannot be read (then the waits below do not wait). */
export const cpuNow = (pid: number): number =>
  (precise === undefined ? treeCpuMs(pid) : precise.treeUsageSync(pid)?.cpuMs) ?? 0;

/**
 * Resolves once the tree has used no CPU for `quietMs` (a fresh server may still be starting
 * its workers), so that later growth is the work a test sent. Fails after `withinMs`.
 */
export async function untilIdle(pid: number, quietMs = 150, withinMs = 15_000): Promise<number> {
  let last = cpuNow(pid);
  let since = Date.now();
  const idle = await waitUntil(
    () => {
      const now = cpuNow(pid);
      if (now !== last) [last, since] = [now, Date.now()];
      return Date.now() - since >= quietMs;
    },
    withinMs,
    10,
  );
  assert.ok(idle, `server ${pid} never stayed idle for ${quietMs} ms within ${withinMs} ms`);
  return last;
}

/**
 * Resolves once the tree has used `ms` more CPU than `baseline`: proof that it is computing what
 * the test sent (after {@link untilIdle}). Checks every 5 ms; fails after `withinMs`, naming `what`.
 */
export async function untilBusy(pid: number, baseline: number, what: string, ms = 20, withinMs = 15_000) {
  const busy = await waitUntil(() => cpuNow(pid) >= baseline + ms, withinMs, 5);
  assert.ok(busy, `server ${pid} never used ${ms} ms of CPU for ${what} within ${withinMs} ms`);
}

/** CPU time (ms) of each thread of process `pid`, by thread id; empty where /proc is missing. */
export function threadCpuMs(pid: number): Map<number, number> {
  const threads = new Map<number, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime + stime, in USER_HZ ticks (100 per second on every Linux ABI Node runs on).
      threads.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // the thread ended
    }
  }
  return threads;
}

/**
 * A lower bound of the wall time between two {@link threadCpuMs} readings: no thread can run
 * longer than the time that passed, so the busiest thread's CPU time is a floor for it.
 */
export function wallAtLeastMs(before: Map<number, number>, after: Map<number, number>): number {
  let most = 0;
  for (const [tid, ms] of after) most = Math.max(most, ms - (before.get(tid) ?? 0));
  return most;
}
