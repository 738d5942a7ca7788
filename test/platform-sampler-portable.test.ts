/**
 * The portable sampler on its own, on whatever OS runs it (Linux takes it under
 * FIBLAB_PLATFORM=portable; macOS and Windows have no other): it finds a server's whole tree of
 * processes, sees the tree's CPU grow while it computes, and reads its peak memory.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { processSampler, type TreeUsage } from '../ts/platform/sampler.js';
import { platformPaths } from '../ts/platform/switch.js';
import { LineClient } from './helpers/line-client.js';
import { startServer } from './helpers/server-process.js';
import { waitUntil } from './helpers/wait-until.js';
import { jsNFor } from './helpers/work-size.js';

const sampler = processSampler(platformPaths({ FIBLAB_PLATFORM: 'portable' }));

test('the portable sampler: a process-pool tree, its CPU growing under work, its memory', {
  timeout: 90_000,
}, async (t) => {
  const server = await startServer('process-pool', ['--workers', '2']);
  t.after(() => server.stop());
  const clients = [await LineClient.connect(server.port), await LineClient.connect(server.port)];
  t.after(() => Promise.all(clients.map((c) => c.close())));
  await Promise.all(clients.map((c) => c.ask('20\n'))); // both children started

  const before = (await sampler.treeUsage(server.pid)) as TreeUsage;
  const info = sampler.info();
  t.diagnostic(`${info.source}: ${JSON.stringify(before)}, CPU step ${info.cpuResolutionMs} ms`);
  assert.ok(before !== undefined, 'the server is in the process table');
  assert.equal(before.processes, 3, 'the server and its two children');
  assert.ok(before.peakRssMiB > 10, `peak RSS ${before.peakRssMiB} MiB`);
  assert.equal(await sampler.treeUsage(2 ** 22 + 12_345), undefined, 'a PID that is not there');

  // Work until the tree's CPU has grown by three steps of the sampler's clock: order of arrival.
  const step = info.cpuResolutionMs as number;
  const n = jsNFor(40);
  let asking = true;
  const work = clients.map(async (c) => {
    while (asking) await c.ask(`${n}\n`);
  });
  let now = before;
  const grew = await waitUntil(
    () => {
      now = sampler.treeUsageSync(server.pid) ?? now;
      return now.cpuMs >= before.cpuMs + 3 * step;
    },
    60_000,
    200,
  );
  asking = false;
  await Promise.all(work);
  assert.ok(grew, `CPU ${before.cpuMs} → ${now.cpuMs} ms: three steps of ${step} ms within 60 s`);
  assert.ok(now.peakRssMiB >= before.peakRssMiB, 'a peak never falls');
});
