/**
 * `npm run bench:offload`: where does offloading start to pay? `pool` and `native-async` as they
 * are, and with `--inline-below 20` (n < 20 answered on the event loop, larger n offloaded), on
 * the I/O-bound cell (n=1, 1 client) and the mixed cell (an n=1 client beside an n=30 client).
 * Sessions rotate over the rounds; medians are reported. Server and load generator share the cores.
 */
import { parseArgs } from 'node:util';
// The compiled measuring code: the load generator's client workers are .js files next to it.
import { type MeasurementRecord, measureSession } from '../dist/compare/measure.js';
import { findVariant, type Variant } from '../dist/variants/registry.js';
import { describeEnvironment, formatEnvironment } from '../ts/environment.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, duration: { type: 'string', default: '2' } },
});
const cells = [
  { scenario: 'io', clients: 1 },
  { scenario: 'mixed', clients: 2 },
] as const;
const settings = ['pool', 'native-async'].flatMap((name) => {
  const variant = findVariant(name) as Variant;
  return [
    { label: name, variant, options: {} },
    { label: `${name} --inline-below 20`, variant, options: { inlineBelow: 20 } },
  ];
});

console.log(formatEnvironment(describeEnvironment()));
const records = new Map<string, MeasurementRecord[]>();
const rounds = Number(values.rounds);
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < settings.length; i++) {
    const s = settings[(i + round) % settings.length] as (typeof settings)[number];
    const target = { variant: s.variant, runtime: 'self' as const, runtimeName: 'node', options: s.options };
    const timing = { firstWarmupS: 1, warmupS: 0.3, durationS: Number(values.duration) };
    for (const record of await measureSession(target, [...cells], timing, round, () => {})) {
      const key = `${s.label}|${record.scenario}`;
      records.set(key, [...(records.get(key) ?? []), record]);
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
console.log(`\n${rounds} rounds × ${values.duration} s; medians\n`);
console.log(
  '| server | I/O n=1, 1 client req/s | mixed: I/O client p99 ms | mixed: CPU client (n=30) req/s |',
);
console.log('|---|---:|---:|---:|');
for (const s of settings) {
  const io = records.get(`${s.label}|io`) ?? [];
  const mixed = records.get(`${s.label}|mixed`) ?? [];
  const ioRate = median(io.map((r) => r.reqPerSec));
  const p99 = median(mixed.map((r) => r.groups[1]?.latencyMs?.p99 ?? Number.NaN));
  const cpuRate = median(mixed.map((r) => r.groups[0]?.reqPerSec ?? 0));
  console.log(
    `| ${s.label} | ${Math.round(ioRate).toLocaleString('en-US')} | ${p99.toFixed(2)} | ${Math.round(cpuRate)} |`,
  );
}
