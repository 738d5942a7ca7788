/** The answer section of compare's report, from records made here (no servers): ratios, best seed row, verdicts. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerCells, answerVerdict } from '../ts/compare/analyse/answer.js';
import { summarise } from '../ts/compare/analyse/summary.js';
import { answerSection } from '../ts/compare/render/answer-section.js';
import { renderSection } from '../ts/compare/render/section.js';
import type { ScenarioName } from '../ts/compare/scenarios.js';
import type { MeasurementRecord } from '../ts/compare/types.js';
import { sliceRecord } from './helpers/slice-record.js';

const latency = (p99: number) => ({ p50: p99 / 4, p90: p99 / 2, p99, max: p99 * 2 });

function record(
  variant: string,
  scenario: ScenarioName,
  round: number,
  reqPerSec: number,
  p99 = 0.5,
  rss = 60,
): MeasurementRecord {
  const n = scenario === 'io' ? 1 : scenario === 'cpu' ? 22 : 30;
  const clients = 2;
  return sliceRecord({
    variant,
    scenario,
    clients,
    n,
    round,
    reqPerSec,
    latencyMs: latency(p99),
    serverCpu: 150,
    cpuUsPerReply: 40,
    serverRssMiB: rss,
    clientCpu: 50,
    clientWorkers: 2,
    durationS: 0.4,
    // mixed: the CPU client's group, then the I/O client's.
    ...(scenario === 'mixed'
      ? {
          groups: [
            { n: 30, clients: 1, reqPerSec: 500, latencyMs: latency(2), notServed: 0 },
            { n: 1, clients: 1, reqPerSec, latencyMs: latency(p99), notServed: 0 },
          ],
        }
      : {}),
  });
}

// Six rounds with a little jitter: answer 1.5× Go at n=1 and n=22, about Go's rate at n=30; in
// mixed, the I/O client's p99 is 0.12 ms on the answer, 0.10 ms on Go and 3 ms on native-async.
const jitter = (r: number) => 1 + ((r % 3) - 1) * 0.01;
const records: MeasurementRecord[] = Array.from({ length: 6 }, (_, r) => [
  record('answer', 'io', r, 60_000 * jitter(r), 0.2, 180),
  record('go', 'io', r, 40_000, 0.2, 10),
  record('cluster', 'io', r, 45_000 * jitter(r + 1)),
  record('event-loop', 'io', r, 30_000),
  record('answer', 'cpu', r, 15_000 * jitter(r), 1, 180),
  record('go', 'cpu', r, 10_000, 1, 10),
  record('native-async', 'cpu', r, 8_000 * jitter(r + 2)),
  record('answer', 'heavy', r, 1000 * jitter(r), 3, 180),
  record('go', 'heavy', r, 1000 * jitter(r + 1), 3, 10),
  record('native-async', 'heavy', r, 900),
  record('answer', 'mixed', r, 8000, 0.12 * jitter(r), 180),
  record('go', 'mixed', r, 9000, 0.1, 10),
  record('native-async', 'mixed', r, 300, 3 * jitter(r + 1)),
  record('cluster', 'mixed', r, 8000, 0.5),
]).flat();

test('answer ÷ Go and ÷ the best seed row are paired per cell; mixed compares I/O p99; heavy its ceiling share', () => {
  const cells = answerCells(records, summarise(records), 1250);
  const cell = (scenario: string) => cells.find((c) => c.scenario === scenario);
  assert.deepEqual(
    cells.map((c) => c.scenario),
    ['io', 'cpu', 'heavy', 'mixed'],
  );
  const io = cell('io');
  assert.ok(Math.abs((io?.vsGo?.estimate ?? 0) - 1.5) < 0.02);
  assert.equal(io?.vsGo?.significance, 'higher');
  assert.equal(io?.best?.variant, 'cluster', 'the fastest seed row (go is a peer, not a seed row rebuilt)');
  assert.equal(cell('cpu')?.best?.variant, 'native-async');
  assert.equal(cell('heavy')?.ceilingShare, 0.8);
  assert.equal(cell('mixed')?.best?.variant, 'cluster', 'lowest I/O p99 among the seed rows');
  assert.ok(Math.abs((cell('mixed')?.vsGo?.estimate ?? 0) - 1.2) < 0.03, 'the I/O p99 ratio');
  assert.equal(io?.rssMiB, 180);
  assert.equal(io?.goRssMiB, 10);
  assert.equal(answerVerdict(io as never), 'met');
  assert.match(answerVerdict(cell('heavy') as never), /not shown ahead; 80 % of the ceiling \(goal 90 %\)/);
  assert.match(answerVerdict(cell('mixed') as never), /^met/);
});

test('the section shows one row per cell, and is absent when the answer was not measured', () => {
  const section = answerSection(answerCells(records, summarise(records), 1250), 'markdown');
  assert.ok(section);
  const text = renderSection(section, 'markdown');
  assert.match(text, /### fiblab's answer beside Go and the best seed row/);
  assert.match(text, /\| io n=1, 2 cl\. +\| 60,000 \| 40,000 \| +1\.50× \(1\.49–1\.51\) \| cluster 45,000 /);
  assert.match(text, /mixed \(I\/O p99 ms beside fib\(30\), closed loop\) \| +0\.12 \| +0\.10 \|/);
  const without = records.filter((r) => r.variant !== 'answer');
  assert.equal(answerSection(answerCells(without, summarise(without), 1250), 'markdown'), undefined);
});
