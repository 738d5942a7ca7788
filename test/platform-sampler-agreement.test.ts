/**
 * The portable sampler checked against /proc on the same busy server tree: `ps` (what macOS
 * runs) and Linux's /proc must agree on the tree's CPU time within ±10 % and on its peak memory
 * within ±15 %, and find the same processes in it. procps' `ps` prints whole seconds, so the
 * server works until its CPU is ten of those steps per process: a difference then is the
 * sampler's, not the clock's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { procDescendants } from '../ts/platform/proc-linux.js';
import { descendantsIn } from '../ts/platform/process-table.js';
import { psTableSync } from '../ts/platform/ps-posix.js';
import { ProcSampler, TableSampler, type TreeUsage } from '../ts/platform/sampler.js';
import { LineClient } from './helpers/line-client.js';
import { startServer } from './helpers/server-process.js';
import { waitUntil } from './helpers/wait-until.js';
import { jsNFor } from './helpers/work-size.js';

const proc = new ProcSampler();
const skip = proc.treeUsageSync(process.pid) === undefined ? 'needs /proc to compare against (Linux)' : false;

const within = (portable: number, reference: number, share: number) =>
  Math.abs(portable - reference) <= share * reference;

test('a busy server: ps and /proc agree on CPU time (±10 %) and peak RSS (±15 %)', {
  skip,
  timeout: 120_000,
}, async (t) => {
  const ps = new TableSampler(false);
  // One process with two worker threads, and two clients asking a CPU-bound n back to back: the
  // process uses both cores, so its ten steps of ps's clock take about half the wall time.
  const server = await startServer('pool', ['--workers', '2']);
  t.after(() => server.stop());
  const clients = await Promise.all([LineClient.connect(server.port), LineClient.connect(server.port)]);
  t.after(() => Promise.all(clients.map((client) => client.close())));
  const n = jsNFor(40);
  let asking = true;
  const work = Promise.all(
    clients.map(async (client) => {
      while (asking) await client.ask(`${n}\n`);
    }),
  );

  const first = (await ps.treeUsage(server.pid)) as TreeUsage;
  const step = ps.info().cpuResolutionMs as number;
  // Ten steps of ps's clock per process, and a tenth more for the moment between the readings.
  const enough = 11 * step * first.processes;
  let lastPs = first;
  const busy = await waitUntil(
    () => {
      lastPs = ps.treeUsageSync(server.pid) ?? lastPs; // samples all along: the peak is the largest seen
      return (proc.treeUsageSync(server.pid)?.cpuMs ?? 0) >= enough;
    },
    90_000,
    250,
  );
  assert.ok(busy, `the server used ${enough} ms of CPU within 90 s`);
  const byPs = (await ps.treeUsage(server.pid)) as TreeUsage;
  const byProc = proc.treeUsageSync(server.pid) as TreeUsage;
  asking = false;
  await work;
  t.diagnostic(`ps: ${JSON.stringify(byPs)} (step ${step} ms); /proc: ${JSON.stringify(byProc)}`);
  assert.equal(byPs.processes, byProc.processes, 'the same processes');
  assert.ok(within(byPs.cpuMs, byProc.cpuMs, 0.1), `CPU ${byPs.cpuMs} ms by ps, ${byProc.cpuMs} ms by /proc`);
  assert.ok(
    within(byPs.peakRssMiB, byProc.peakRssMiB, 0.15),
    `peak RSS ${byPs.peakRssMiB.toFixed(1)} MiB by ps, ${byProc.peakRssMiB.toFixed(1)} MiB by /proc`,
  );
});

test('a tree of processes (process-pool): the same PIDs, and peak RSS within ±15 %', {
  skip,
  timeout: 60_000,
}, async (t) => {
  const ps = new TableSampler(false);
  const server = await startServer('process-pool', ['--workers', '2']);
  t.after(() => server.stop());
  // Its children answer: ask once per child so each has started and computed.
  const client = await LineClient.connect(server.port);
  t.after(() => client.close());
  await Promise.all([client.ask('25\n'), client.ask('25\n')]);

  const fromPs = descendantsIn(psTableSync()?.rows ?? [], server.pid).sort();
  const fromProc = procDescendants(server.pid).sort();
  assert.ok(fromProc.length >= 2, `process-pool runs its children (${fromProc})`);
  assert.deepEqual(fromPs, fromProc, 'ps finds the tree /proc finds');
  const byPs = (await ps.treeUsage(server.pid)) as TreeUsage;
  const byProc = proc.treeUsageSync(server.pid) as TreeUsage;
  t.diagnostic(`ps: ${JSON.stringify(byPs)}; /proc: ${JSON.stringify(byProc)}`);
  assert.equal(byPs.processes, fromProc.length + 1);
  assert.ok(
    within(byPs.peakRssMiB, byProc.peakRssMiB, 0.15),
    `peak RSS ${byPs.peakRssMiB.toFixed(1)} MiB by ps, ${byProc.peakRssMiB.toFixed(1)} MiB by /proc`,
  );
});
