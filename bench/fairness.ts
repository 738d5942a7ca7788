/**
 * `npm run bench:fairness`: does the fair queue in front of the shared pools cost throughput?
 * `native-async`, `pool` and `process-pool` as they are (fair: per-connection queues handed to
 * the pool round-robin, one task per thread or child at a time) and with FIBLAB_TEST_UNFAIR=1
 * (every task straight into the pool's own FIFO, as before). Cells: I/O-bound (n=1, where the
 * extra hop from a finished task to the next one would show), CPU-bound with 2 and 8 clients.
 * All six servers run at once; each round measures a slice of each in rotated order, so the
 * "fair ÷ unfair" ratios are paired by round. Server and load generator share the cores.
 */
import { parseArgs } from 'node:util';
import { sideRatio } from '../dist/compare/analyse/ratios.js';
// The compiled measuring code: the load generator's client workers are .js files next to it.
import { localSliceTarget, measureSlice } from '../dist/compare/measure/slice.js';
import type { MeasurementRecord } from '../dist/compare/types.js';
import { serveCommand, startServer } from '../dist/launch/serve-command.js';
import { findRuntime, type Runtime } from '../dist/runtimes/registry.js';
import { formatRatio, roundOrder } from '../dist/stats/index.js';
import { findVariant, type Variant } from '../dist/variants/registry.js';
import { describeEnvironment, formatEnvironment } from '../ts/environment.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '6' }, slice: { type: 'string', default: '1' } },
});
const rounds = Number(values.rounds);
const timing = { startWarmupS: 1, warmupS: 0.2, sliceS: Number(values.slice) };
const cells = [
  { scenario: 'io', clients: 1, n: 1 },
  { scenario: 'cpu', clients: 2, n: 22 },
  { scenario: 'cpu', clients: 8, n: 22 },
] as const;
const settings = ['native-async', 'pool', 'process-pool'].flatMap((name) => [
  { label: name, name, env: {} },
  { label: `${name} unfair`, name, env: { FIBLAB_TEST_UNFAIR: '1' } },
]);

console.log(formatEnvironment(describeEnvironment()));
const node = findRuntime('node') as Runtime;
const servers = [];
try {
  for (const s of settings) {
    const server = await startServer(
      await serveCommand(findVariant(s.name) as Variant, node, { workers: 2, port: 0 }),
      { env: s.env },
    );
    servers.push({
      ...s,
      server,
      target: localSliceTarget(server, s.label),
    });
  }
  const records: MeasurementRecord[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const cell of cells) {
      for (const s of roundOrder(servers, round))
        records.push(await measureSlice(s.target, cell, timing, round));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
  console.log(
    `\n${rounds} rounds × ${values.slice} s slices; req/s medians; fair ÷ unfair paired by round, 95 % intervals\n`,
  );
  console.log(
    `| server | ${cells.map((c) => `${c.scenario} ×${c.clients} req/s | fair ÷ unfair`).join(' | ')} |`,
  );
  console.log(`|---|${cells.map(() => '---:|---:').join('|')}|`);
  for (const s of settings.filter((x) => x.label === x.name)) {
    const cols = cells.map((cell) => {
      const of = (label: string) =>
        records.filter(
          (r) => r.variant === label && r.scenario === cell.scenario && r.clients === cell.clients,
        );
      const side = (label: string) => ({ variant: label, runtime: 'node', ...cell });
      const ratio = sideRatio(records, side(s.label), side(`${s.label} unfair`));
      const fair = Math.round(median(of(s.label).map((r) => r.reqPerSec)));
      const unfair = Math.round(median(of(`${s.label} unfair`).map((r) => r.reqPerSec)));
      return `${fair.toLocaleString('en-US')} (unfair ${unfair.toLocaleString('en-US')}) | ${ratio === null ? '—' : formatRatio(ratio)}`;
    });
    console.log(`| ${s.name} | ${cols.join(' | ')} |`);
  }
} finally {
  await Promise.all(servers.map((s) => s.server.stop()));
}
