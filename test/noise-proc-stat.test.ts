/** Noise sensing: /proc/stat parsed and differenced, other processes' CPU found, the warning rule. */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { DISTURBANCE_LIMITS, disturbances, disturbed } from '../ts/noise/disturbed.js';
import {
  type CpuTimes,
  type NoiseSample,
  noiseBetween,
  ownCpuMs,
  parseCpuLine,
  readCpuTimes,
  sampleMachine,
  takeNoiseSnapshot,
} from '../ts/noise/proc-stat.js';
import { cpuReadingFine } from '../ts/platform/cpu-resolution.js';
import { processSampler } from '../ts/platform/sampler.js';
import { cpuNow } from './helpers/cpu-evidence.js';
import { waitUntil } from './helpers/wait-until.js';

const noProc = readCpuTimes() === undefined ? 'no /proc/stat on this system' : false;

const times = (overrides: Partial<CpuTimes>): CpuTimes => ({
  user: 0,
  nice: 0,
  system: 0,
  idle: 0,
  iowait: 0,
  irq: 0,
  softirq: 0,
  steal: 0,
  ...overrides,
});

test('the aggregate cpu line is parsed; guest columns are not counted twice; no steal column reads 0', () => {
  const text =
    'cpu  9102 3 2583 26716 329 7 45 13 50 0\ncpu0 4551 1 1291 13358 164 3 22 6 25 0\nintr 1 2 3\n';
  assert.deepEqual(parseCpuLine(text), {
    user: 9102,
    nice: 3,
    system: 2583,
    idle: 26716,
    iowait: 329,
    irq: 7,
    softirq: 45,
    steal: 13,
  });
  assert.equal(parseCpuLine('cpu  1 2 3 4 5 6 7\n')?.steal, 0);
  assert.equal(parseCpuLine('cpu0 1 2 3 4\nintr 5\n'), undefined);
  assert.equal(parseCpuLine(''), undefined);
});

test('between two snapshots: shares of the whole machine, others = busy − server − load, never below 0', () => {
  // 1000 ticks = 10 core-seconds: 100 stolen, 600 busy (500 user + 100 system), 300 idle.
  const start = { machine: times({}), serverCpuMs: 1000, loadCpuMs: 50 };
  const end = {
    machine: times({ user: 500, system: 100, idle: 300, steal: 100 }),
    serverCpuMs: 4000,
    loadCpuMs: 1050,
  };
  assert.deepEqual(noiseBetween(start, end), {
    coreSeconds: 10,
    stealPct: 10,
    busyPct: 60,
    serverPct: 30,
    loadPct: 10,
    othersPct: 20,
  });
  const greedyServer = { ...end, serverCpuMs: 9000 };
  assert.equal(noiseBetween(start, greedyServer)?.othersPct, 0);
  const unknownServer = noiseBetween({ ...start, serverCpuMs: undefined }, end);
  assert.equal(unknownServer?.serverPct, null);
  assert.equal(unknownServer?.othersPct, null);
  assert.equal(noiseBetween(start, start), undefined, 'no time passed');
  assert.equal(noiseBetween(undefined, end), undefined);
});

test('a server read in steps too coarse for the window (ps: 1 s) has no share, nor others: n/a with the step', () => {
  // 10 core-seconds, 60 % busy; the server's reading moved 1 s (one step of a 1 s clock): 0 or 2 s in truth.
  const coarse = { serverCpuStepMs: 1000 };
  const start = { machine: times({}), serverCpuMs: 0, loadCpuMs: 0, ...coarse };
  const end = { machine: times({ user: 600, idle: 400 }), serverCpuMs: 1000, loadCpuMs: 0, ...coarse };
  const sample = noiseBetween(start, end);
  assert.equal(sample?.serverPct, null);
  assert.equal(sample?.othersPct, null);
  assert.equal(sample?.serverNa, 'CPU in 1 s steps');
  assert.equal(sample?.busyPct, 60, 'the machine’s own figures stay');
  // 20 steps or more are kept (the slice rule: within 5 %); a 10 ms clock is always kept.
  const long = noiseBetween(
    { ...start, machine: times({}) },
    { ...end, machine: times({ user: 6000, idle: 4000 }), serverCpuMs: 20_000 },
  );
  assert.deepEqual([long?.serverPct, long?.othersPct, long?.serverNa], [20, 40, undefined]);
  const fine = noiseBetween({ ...start, serverCpuStepMs: 10 }, { ...end, serverCpuStepMs: 10 });
  assert.deepEqual([fine?.serverPct, fine?.othersPct], [10, 50]);
});

test('the warning rule: steal above 5 % or other processes above 10 % of the machine', () => {
  const calm: NoiseSample = {
    coreSeconds: 4,
    stealPct: 5,
    busyPct: 90,
    serverPct: 70,
    loadPct: 10,
    othersPct: 10,
  };
  assert.deepEqual(DISTURBANCE_LIMITS, { stealPct: 5, othersPct: 10 });
  assert.deepEqual(disturbances(calm), []);
  assert.equal(disturbed(calm), false);
  assert.deepEqual(disturbances({ ...calm, stealPct: 7.5 }), ['steal 7.5 % of the machine']);
  assert.deepEqual(disturbances({ ...calm, othersPct: 14.2, stealPct: 6 }), [
    'steal 6 % of the machine',
    'other processes used 14.2 % of the machine',
  ]);
  assert.equal(disturbed({ ...calm, othersPct: null }), false);
  assert.equal(disturbed(undefined), false);
});

test('a process that is neither server nor load generator shows up in busy and others', {
  skip: noProc,
}, async () => {
  const spinner = spawn(process.execPath, ['-e', 'console.log("spinning"); for (;;) {}'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await once(spinner.stdout, 'data');
    const pid = spinner.pid as number;
    const before = cpuNow(pid);
    const start = takeNoiseSnapshot({ serverCpuMs: 0 });
    // Order of arrival, not a duration: end once the spinner has used 500 ms more CPU.
    assert.ok(await waitUntil(() => cpuNow(pid) >= before + 500, 30_000));
    const end = takeNoiseSnapshot({ serverCpuMs: 0 });
    const spun = cpuNow(pid) - before;
    const sample = noiseBetween(start, end) as NoiseSample;
    const spinnerPct = (100 * spun) / 1000 / sample.coreSeconds;
    // Slack: the spinner's CPU was read a moment after the end snapshot, and ticks round.
    assert.ok(
      (sample.othersPct ?? 0) >= spinnerPct - 5,
      `others ${sample.othersPct} % vs spinner ${spinnerPct} %`,
    );
    assert.ok(sample.busyPct >= spinnerPct - 5, `busy ${sample.busyPct} % vs spinner ${spinnerPct} %`);

    // Named as the server, the same process is the server's share and leaves others; read through
    // a sampler too coarse for 0.5 s of CPU (procps ps: 1 s steps), neither share exists, and says why.
    const start2 = takeNoiseSnapshot({ serverPid: pid });
    const before2 = cpuNow(pid);
    assert.ok(await waitUntil(() => cpuNow(pid) >= before2 + 500, 30_000));
    const asServer = noiseBetween(start2, takeNoiseSnapshot({ serverPid: pid })) as NoiseSample;
    const stepMs = processSampler().info().cpuResolutionMs ?? 10;
    if (cpuReadingFine(stepMs)) {
      assert.ok((asServer.serverPct ?? 0) > 0 && (asServer.serverPct ?? 0) <= asServer.busyPct + 5);
      assert.equal(asServer.serverNa, undefined);
    } else {
      assert.deepEqual([asServer.serverPct, asServer.othersPct], [null, null], JSON.stringify(asServer));
      assert.equal(asServer.serverNa, `CPU in ${stepMs / 1000} s steps`);
    }
  } finally {
    spinner.kill('SIGKILL');
    await once(spinner, 'exit');
  }
});

test("the load generator's own CPU (this process) is its share", { skip: noProc }, () => {
  const start = takeNoiseSnapshot({ serverCpuMs: 0 });
  const cpuStart = ownCpuMs();
  while (ownCpuMs() < cpuStart + 300) {} // burn 300 ms of this process's CPU
  const sample = noiseBetween(start, takeNoiseSnapshot({ serverCpuMs: 0 })) as NoiseSample;
  const burnt = (100 * (ownCpuMs() - cpuStart)) / 1000 / sample.coreSeconds;
  assert.ok(Math.abs(sample.loadPct - burnt) < 5, `load ${sample.loadPct} % vs ${burnt} %`);
  assert.ok(sample.busyPct >= sample.loadPct - 5, `busy ${sample.busyPct} % vs load ${sample.loadPct} %`);
});

test('a short sample of the whole machine is within bounds', { skip: noProc }, async () => {
  const sample = (await sampleMachine(200)) as NoiseSample;
  for (const pct of [sample.stealPct ?? 0, sample.busyPct, sample.loadPct, sample.othersPct ?? 0]) {
    assert.ok(pct >= 0 && pct <= 100, JSON.stringify(sample));
  }
  assert.equal(sample.serverPct, 0);
  assert.ok(sample.coreSeconds > 0);
});
