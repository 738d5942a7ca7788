/**
 * The machine's load, the third thing each sampler reads: os.cpus() (macOS, Windows, and Linux
 * under FIBLAB_PLATFORM=portable) checked against Linux's /proc/stat over the same busy interval.
 * Both count the same kernel ticks (libuv reads /proc/stat's per-CPU lines), so busy and idle
 * time must agree to a few ticks; the portable reading has no steal, which a sample says as null.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type CpuTimes,
  machineSource,
  noiseBetween,
  parseCpuLine,
  portableCpuTimes,
  takeNoiseSnapshot,
} from '../ts/noise/proc-stat.js';
import { readProcStat } from '../ts/platform/proc-linux.js';
import { PLATFORM_ENV } from '../ts/platform/switch.js';

const procTimes = (): CpuTimes | undefined => {
  const text = readProcStat();
  return text === undefined ? undefined : parseCpuLine(text);
};
const skip = procTimes() === undefined ? 'needs /proc/stat to compare against (Linux)' : false;

const busy = (t: CpuTimes) => t.user + t.nice + t.system + t.irq;
const total = (t: CpuTimes) => busy(t) + t.idle;

test('os.cpus() and /proc/stat see the same busy and idle time over one interval', { skip }, (t) => {
  const start = { proc: procTimes() as CpuTimes, portable: portableCpuTimes() as CpuTimes };
  // Keep one core busy until the machine has counted 3 core-seconds (1.5 s on 2 cores).
  while (total(procTimes() as CpuTimes) - total(start.proc) < 300) Math.sqrt(Math.random());
  const end = { proc: procTimes() as CpuTimes, portable: portableCpuTimes() as CpuTimes };

  const procTotal = total(end.proc) - total(start.proc);
  // The two reads of each pair are microseconds apart: a tick or two per CPU, plus 2 % of the interval.
  const slack = 4 + 0.02 * procTotal;
  for (const [what, of] of [
    ['busy', busy],
    ['idle', (t: CpuTimes) => t.idle],
  ] as const) {
    const proc = of(end.proc) - of(start.proc);
    const portable = of(end.portable) - of(start.portable);
    t.diagnostic(`${what}: os.cpus() ${portable.toFixed(0)} ticks, /proc/stat ${proc} of ${procTotal}`);
    assert.ok(
      Math.abs(portable - proc) <= slack,
      `${what}: os.cpus() ${portable.toFixed(0)} ticks, /proc/stat ${proc} (±${slack.toFixed(0)})`,
    );
  }
  assert.ok(busy(end.proc) - busy(start.proc) >= 100, 'this process kept a core busy');
});

// On every OS (macOS and Windows have only this path).
test('under FIBLAB_PLATFORM=portable a noise sample reads os.cpus(): steal is null, the rest filled', (t) => {
  const before = process.env[PLATFORM_ENV];
  process.env[PLATFORM_ENV] = 'portable';
  t.after(() => {
    if (before === undefined) delete process.env[PLATFORM_ENV];
    else process.env[PLATFORM_ENV] = before;
  });
  assert.deepEqual(machineSource(), { source: 'os.cpus()', steal: false });
  const first = takeNoiseSnapshot({ serverCpuMs: 0 });
  const startTicks = total(portableCpuTimes() as CpuTimes);
  while (total(portableCpuTimes() as CpuTimes) - startTicks < 100) Math.sqrt(Math.random());
  const sample = noiseBetween(first, takeNoiseSnapshot({ serverCpuMs: 0 }));
  assert.ok(sample !== undefined, 'a sample');
  assert.equal(sample.stealPct, null, 'no steal from os.cpus()');
  assert.ok(sample.busyPct > 0 && sample.loadPct > 0, JSON.stringify(sample));
  assert.notEqual(sample.othersPct, null, "the machine's other load is given");
});
