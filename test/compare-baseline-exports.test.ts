/**
 * `--export bmf` and `--export github-action-benchmark`: a run's cells in the formats Bencher and
 * github-action-benchmark read, checked against the published schema (BMF) and the action's
 * result interface, with the 95 % bounds where the format has a place for them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runFigures } from '../ts/compare/analyse/run-figures.js';
import { toBmf } from '../ts/compare/render/export-bmf.js';
import { toGithubActionBenchmark } from '../ts/compare/render/export-github-action-benchmark.js';
import { type Schema, schemaErrors } from './helpers/json-schema.js';
import { records } from './helpers/saved-run.js';

const schema = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.schema.json`, import.meta.url), 'utf8')) as Schema;
const BMF = schema('bmf');
const ACTION = schema('github-action-benchmark');

const run = records(
  [
    { variant: 'event-loop', reqPerSec: 20_000, p99Ms: 0.1, cpuUsPerReply: 40 },
    { variant: 'pool', scenario: 'cpu', clients: 2, reqPerSec: 300, p99Ms: 8, cpuUsPerReply: 6000 },
  ],
  6,
  7,
);

test('the schemas accept the formats’ published examples and refuse a broken one', () => {
  // bencher.dev's BMF example (docs/reference/bencher-metric-format), abridged.
  const bmfExample = {
    benchmark_name: {
      latency: { value: 88.0, lower_value: 87.42, upper_value: 88.88 },
      throughput: { value: 5.55, lower_value: 3.14, upper_value: 6.3 },
    },
    my_binary: { 'file-size': { value: 42.0 } },
  };
  assert.deepEqual(schemaErrors(BMF, bmfExample), []);
  assert.deepEqual(schemaErrors(BMF, { b: { latency: { lower_value: 1 } } }), [
    "$.b.latency: 'value' is required",
  ]);
  // The action's README example of customSmallerIsBetter.
  const actionExample = [
    { name: 'My Custom Smaller Is Better Benchmark - CPU Load', unit: 'Percent', value: 50 },
    {
      name: 'My Custom Smaller Is Better Benchmark - Memory Used',
      unit: 'Megabytes',
      value: 100,
      range: '3',
      extra: 'Value for Tooltip: 25',
    },
  ];
  assert.deepEqual(schemaErrors(ACTION, actionExample), []);
  assert.deepEqual(schemaErrors(ACTION, [{ name: 'x', value: '1', unit: 'ms' }]), [
    '$[0].value: expected number, got string',
  ]);
});

test('BMF: one benchmark per cell, throughput/latency/CPU measures with the 95 % bounds, valid by the schema', () => {
  const bmf = toBmf(runFigures(run));
  assert.deepEqual(schemaErrors(BMF, bmf), []);
  assert.deepEqual(Object.keys(bmf), ['fiblab event-loop@node io n=1 ×1', 'fiblab pool@node cpu n=22 ×2']);
  const cell = bmf['fiblab event-loop@node io n=1 ×1'];
  assert.deepEqual(Object.keys(cell ?? {}), ['throughput', 'latency', 'server-cpu-per-reply']);
  const throughput = cell?.throughput;
  assert.ok(throughput && Math.abs(throughput.value / 20_000 - 1) < 0.05, `req/s ${throughput?.value}`);
  assert.ok(throughput?.lower_value !== undefined && throughput.upper_value !== undefined);
  assert.ok(throughput.lower_value < throughput.value && throughput.value < throughput.upper_value);
  // Bencher's built-in latency measure is in nanoseconds: 0.1 ms = 100,000 ns.
  assert.ok(
    cell?.latency && Math.abs(cell.latency.value / 100_000 - 1) < 0.05,
    `latency ${cell?.latency?.value}`,
  );
});

test('github-action-benchmark: req/s bigger-is-better, p99 and CPU smaller-is-better, ranges the action parses', () => {
  const { bigger, smaller } = toGithubActionBenchmark(runFigures(run));
  assert.deepEqual(schemaErrors(ACTION, bigger), []);
  assert.deepEqual(schemaErrors(ACTION, smaller), []);
  assert.deepEqual(
    bigger.map((b) => b.name),
    ['event-loop@node io n=1 ×1 req/s', 'pool@node cpu n=22 ×2 req/s'],
  );
  assert.deepEqual(
    smaller.map((b) => `${b.name} [${b.unit}]`),
    [
      'event-loop@node io n=1 ×1 p99 [ms]',
      'event-loop@node io n=1 ×1 CPU/reply [µs]',
      'pool@node cpu n=22 ×2 p99 [ms]',
      'pool@node cpu n=22 ×2 CPU/reply [µs]',
    ],
  );
  for (const entry of [...bigger, ...smaller]) {
    // The action's extractRangeInfo reads /(\+-|±)\s*(\d.+)/ as a number.
    const match = /(?:\+-|±)\s*(\d.+)/.exec(entry.range ?? '');
    assert.ok(match && Number.isFinite(Number(match[1])) && Number(match[1]) > 0, `range '${entry.range}'`);
    assert.match(entry.extra ?? '', /^95 % interval .+ over 6 rounds$/);
  }
});

test('one round: no bounds where there is no interval, and the formats stay valid', () => {
  const one = run.filter((r) => r.round === 0);
  const bmf = toBmf(runFigures(one));
  assert.deepEqual(schemaErrors(BMF, bmf), []);
  assert.equal(bmf['fiblab event-loop@node io n=1 ×1']?.throughput?.lower_value, undefined);
  const { bigger } = toGithubActionBenchmark(runFigures(one));
  assert.deepEqual(schemaErrors(ACTION, bigger), []);
  assert.equal(bigger[0]?.range, undefined);
});
