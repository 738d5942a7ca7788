/**
 * `npm run bench:offload`: where does offloading start to pay? `pool` and `native-async` as they
 * are, and with `--inline-below 20` (n < 20 answered on the event loop, larger n offloaded), on
 * the I/O-bound cell (n=1, 1 client) and the mixed cell (an n=1 client beside an n=30 client).
 * All four servers run at once; each round measures a slice of each (ABBA order), so the
 * "with ÷ without" ratios are paired. Server and load generator share the cores.
 */
import { parseArgs } from 'node:util';
// The compiled measuring code: the load generator's client workers are .js files next to it.
import { localSliceTarget, type MeasurementRecord, measureSlice } from '../dist/compare/measure.js';
import { sideRatio } from '../dist/compare/ratios.js';
import { serveCommand, startServer } from '../dist/launch/serve-command.js';
import { findRuntime, type Runtime } from '../dist/runtimes/registry.js';
import { formatRatio, roundOrder } from '../dist/stats/index.js';
import { findVariant, type Variant } from '../dist/variants/registry.js';
import { describeEnvironment, formatEnvironment } from '../ts/environment.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '8' }, slice: { type: 'string', default: '1' } },
});
const rounds = Number(values.rounds);
const timing = { startWarmupS: 1, warmupS: 0.2, sliceS: Number(values.slice) };
const cells = [
  { scenario: 'io', clients: 1, n: 1 },
  { scenario: 'mixed', clients: 2, n: 30 },
] as const;
const settings = ['pool', 'native-async'].flatMap((name) => [
  { label: name, name, options: {} },
  { label: `${name} --inline-below 20`, name, options: { inlineBelow: 20 } },
]);

console.log(formatEnvironment(describeEnvironment()));
const node = findRuntime('node') as Runtime;
const servers = [];
for (const s of settings) {
  const server = await startServer(
    await serveCommand(findVariant(s.name) as Variant, node, { ...s.options, port: 0 }),
  );
  servers.push({
    ...s,
    server,
    target: localSliceTarget(server, s.label),
  });
}
const records: MeasurementRecord[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    for (const cell of cells) {
      for (const s of roundOrder(servers, round))
        records.push(await measureSlice(s.target, cell, timing, round));
    }
  }
} finally {
  await Promise.all(servers.map((s) => s.server.stop()));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const of = (label: string, scenario: string) =>
  records.filter((r) => r.variant === label && r.scenario === scenario);
console.log(
  `\n${rounds} rounds × ${values.slice} s slices, medians; ratios paired by round with 95 % intervals\n`,
);
console.log(
  '| server | I/O n=1, 1 client req/s | × without the flag | mixed: I/O client p99 ms | mixed: CPU client (n=30) req/s |',
);
console.log('|---|---:|---:|---:|---:|');
for (const s of settings) {
  const io = of(s.label, 'io');
  const mixed = of(s.label, 'mixed');
  const ratio =
    s.label === s.name
      ? '—'
      : (() => {
          const r = sideRatio(
            records,
            { variant: s.label, runtime: 'node', scenario: 'io', clients: 1 },
            { variant: s.name, runtime: 'node', scenario: 'io', clients: 1 },
          );
          return r === null ? '—' : formatRatio(r);
        })();
  console.log(
    `| ${s.label} | ${Math.round(median(io.map((r) => r.reqPerSec))).toLocaleString('en-US')} | ${ratio} | ${median(mixed.map((r) => r.groups[1]?.latencyMs?.p99 ?? Number.NaN)).toFixed(2)} | ${Math.round(median(mixed.map((r) => r.groups[0]?.reqPerSec ?? 0)))} |`,
  );
}
