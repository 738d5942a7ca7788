import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fibAsync, fib as nativeFib } from 'fiblab/native';
import { fibReference } from '../ts/reference.js';
import { nativeNFor } from './helpers/work-size.js';

// Where the computation runs, read from the kernel's per-thread CPU accounting: the JS thread's
// own CPU time (/proc/self/task/<pid>, the main thread's id is the process id) against the whole
// process's (every thread, process.cpuUsage). CPU time, not wall time: a busy machine slows both
// sides alike and cannot make a wrong answer pass.
const TICK_MS = 10; // USER_HZ is 100 on Linux

function jsThreadCpuMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  // Fields after the ")" that closes the command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU milliseconds the JS thread and the whole process spent while `work` ran. */
async function cpuDuring(work: () => unknown): Promise<{ jsThread: number; process: number }> {
  const js0 = jsThreadCpuMs();
  const all0 = processCpuMs();
  await work();
  return { jsThread: jsThreadCpuMs() - js0, process: processCpuMs() - all0 };
}

// ~300 ms of Rust measured here: many clock ticks of CPU time on any CPU, and the ≥ 100 ms
// checked below is a third of it (a constant n=39 took 78–91 ms on one machine, ~100 on another).
const N = nativeNFor(300);

test('fibAsync computes on another thread: the JS thread spends almost none of its CPU time', async () => {
  const cpu = await cpuDuring(() => fibAsync(N));
  assert.ok(cpu.process >= 100, `the process spent only ${cpu.process} ms of CPU on fib(${N})`);
  assert.ok(cpu.jsThread <= cpu.process * 0.25, `JS thread ${cpu.jsThread} ms of ${cpu.process} ms`);
});

test('the sync native fib computes on the JS thread: it spends the CPU time itself', async () => {
  const cpu = await cpuDuring(() => nativeFib(N));
  assert.ok(cpu.process >= 100, `the process spent only ${cpu.process} ms of CPU on fib(${N})`);
  assert.ok(cpu.jsThread >= cpu.process * 0.75, `JS thread ${cpu.jsThread} ms of ${cpu.process} ms`);
});

test('the event loop keeps turning while fibAsync computes: timers fire before it settles', async () => {
  let turns = 0;
  let settled = false;
  const work = fibAsync(N).finally(() => {
    settled = true;
  });
  // Order of arrival: 20 setImmediate turns, each after the previous, all before fib(N) is done.
  await new Promise<void>((resolve) => {
    const spin = () => (++turns === 20 ? resolve() : setImmediate(spin));
    setImmediate(spin);
  });
  assert.equal(settled, false, `fibAsync(${N}) settled within ${turns} loop turns`);
  assert.equal(await work, Number(fibReference(N)));
});

test('fibAsync calls run side by side on the pool: fib(1) settles before an earlier fib(38)', async () => {
  const order: string[] = [];
  const slow = fibAsync(38).then((v) => order.push(`38=${v}`));
  const fast = fibAsync(1).then((v) => order.push(`1=${v}`));
  await Promise.all([slow, fast]);
  assert.deepEqual(order, ['1=1', '38=39088169']);
});

test('several concurrent fibAsync calls all settle with exact values', async () => {
  const ns = [30, 31, 32, 33, 30, 31, 32, 33];
  const got = await Promise.all(ns.map((n) => fibAsync(n)));
  assert.deepEqual(
    got,
    ns.map((n) => nativeFib(n)),
  );
});
