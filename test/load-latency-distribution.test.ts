import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { build, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { latencyDistribution } from '../dist/load/histogram.js';
import { startLineServer } from './fixtures/line-server.js';
import { runLoadCli } from './fixtures/run-cli.js';

function encoded(values: [number, number][]): string {
  const histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 1e9,
    numberOfSignificantValueDigits: 3,
  });
  for (const [us, count] of values) histogram.recordValueWithCount(us, count);
  const text = encodeIntoCompressedBase64(histogram);
  histogram.destroy();
  return text;
}

test('the distribution cuts latencies at round log-spaced bounds, keeping empty rows between', () => {
  // 16 µs to 7 ms fits 1-2-5 steps in at most 12 rows.
  assert.deepEqual(
    latencyDistribution(
      encoded([
        [16, 900],
        [45, 50],
        [7000, 3],
      ]),
    ),
    [
      { upToUs: 20, count: 900 },
      { upToUs: 50, count: 50 },
      { upToUs: 100, count: 0 },
      { upToUs: 200, count: 0 },
      { upToUs: 500, count: 0 },
      { upToUs: 1000, count: 0 },
      { upToUs: 2000, count: 0 },
      { upToUs: 5000, count: 0 },
      { upToUs: 10_000, count: 3 },
    ],
  );
  // 16 µs to 108 ms is too wide for 1-2-5 in 12 rows: 1-3 steps.
  assert.deepEqual(
    latencyDistribution(
      encoded([
        [16, 985],
        [5000, 78],
        [108_000, 1],
      ]),
    ).map((r) => [r.upToUs, r.count]),
    [
      [30, 985],
      [100, 0],
      [300, 0],
      [1000, 0],
      [3000, 0],
      [10_000, 78],
      [30_000, 0],
      [100_000, 0],
      [300_000, 1],
    ],
  );
  assert.deepEqual(latencyDistribution(encoded([])), []);
});

const server = await startLineServer();
after(() => server.close());

test('the text report shows each block its distribution, whose rows add up to the samples', async () => {
  const result = await runLoadCli([
    `127.0.0.1:${server.port}`,
    '--mix',
    '20x1,1x1',
    '--warmup',
    '0',
    '-d',
    '300ms',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const blocks = result.stdout.split(/\n(?=n=20 ×1 |n=1 ×1 |All groups\n)/).slice(1);
  assert.equal(blocks.length, 3);
  for (const block of blocks) {
    const samples = Number(/\(([\d,]+) samples?\)/.exec(block)?.[1]?.replaceAll(',', ''));
    const rows = [
      ...block.matchAll(/^ {2}(?:Distribution| {12}) {4}≤ ([\d.]+) (µs|ms|s) +([\d,]+) +[\d.]+ %/gm),
    ];
    assert.ok(rows.length >= 1, `a distribution in:\n${block}`);
    const counts = rows.map((r) => Number((r[3] as string).replaceAll(',', '')));
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      samples,
      `rows add up to the ${samples} samples:\n${block}`,
    );
    const scale = { µs: 1, ms: 1e3, s: 1e6 } as const;
    const bounds = rows.map((r) => Number(r[1]) * scale[r[2] as keyof typeof scale]);
    assert.deepEqual(
      bounds,
      [...bounds].sort((a, b) => a - b),
      'bounds ascend',
    );
  }
});
