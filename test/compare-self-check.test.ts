/**
 * The statistics' self-check, on real servers and real slices: a server against an identical copy
 * of itself must come out `~` (no significant difference), and against a copy slowed by a known
 * amount (FIBLAB_TEST_DELAY_US) significantly slower, by about the right factor.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sideRatio } from '../dist/compare/analyse/ratios.js';
import { localSliceTarget, measureSlice, type SliceTarget } from '../dist/compare/measure/slice.js';
import type { MeasurementRecord } from '../dist/compare/types.js';
import { type RunningServer, serveCommand, startServer } from '../dist/launch/serve-command.js';
import { findRuntime, type Runtime } from '../dist/runtimes/registry.js';
import { roundOrder } from '../dist/stats/index.js';
import { findVariant, type Variant } from '../dist/variants/registry.js';

const timing = { startWarmupS: 0, warmupS: 0.1, sliceS: 0.25 };
const ROUNDS = 8;
const cell = { scenario: 'io', clients: 1, n: 1 } as const;

async function start(
  label: string,
  env: Record<string, string> = {},
): Promise<{ server: RunningServer; target: SliceTarget }> {
  const launch = await serveCommand(findVariant('event-loop') as Variant, findRuntime('node') as Runtime, {
    port: 0,
  });
  const server = await startServer({ ...launch, env: { ...launch.env, ...env } });
  return {
    server,
    target: localSliceTarget(server, label),
  };
}

async function measure(targets: SliceTarget[]): Promise<MeasurementRecord[]> {
  const records: MeasurementRecord[] = [];
  for (const target of targets) await measureSlice(target, cell, { ...timing, sliceS: 0.5 }, -1); // warm each
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of roundOrder(targets, round))
      records.push(await measureSlice(target, cell, timing, round));
  }
  return records;
}

const side = (variant: string) => ({ variant, runtime: 'node', ...cell });

test('A vs A is not significant; A vs A slowed by 200 µs per request is significantly slower', {
  timeout: 120_000,
}, async (t) => {
  const servers = await Promise.all([
    start('A'),
    start('A-again'),
    start('A-slowed', { FIBLAB_TEST_DELAY_US: '200' }),
  ]);
  t.after(() => Promise.all(servers.map(({ server }) => server.stop())));
  assert.equal(servers[2]?.server.readiness.extra.testDelayUs, '200', 'the slowed copy says so');

  // A 95 % interval excludes 1 for identical sides one time in twenty by design; a second,
  // independent run makes a false alarm here a 1-in-400 event instead of a flaky test.
  let same = null;
  let slowed = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    const records = await measure(servers.map((s) => s.target));
    same = sideRatio(records, side('A'), side('A-again'));
    slowed = sideRatio(records, side('A-slowed'), side('A'));
    if (same?.significance === '~') break;
  }
  assert.equal(same?.significance, '~', `A vs A: ${JSON.stringify(same)}`);
  assert.ok(same?.interval && same.interval.low < 1 && same.interval.high > 1);
  assert.equal(slowed?.significance, 'lower', `A-slowed vs A: ${JSON.stringify(slowed)}`);
  // 200 µs on top of a round trip of some tens of µs: several times slower.
  assert.ok((slowed?.estimate ?? 1) < 0.7 && (slowed?.estimate ?? 0) > 0.02, `estimate ${slowed?.estimate}`);
  assert.ok((slowed?.interval?.high ?? 1) < 1, 'its whole interval is below 1');
});
