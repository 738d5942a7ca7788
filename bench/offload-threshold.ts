/**
 * `npm run bench:offload`: where does offloading start to pay, and does `--inline-below auto`
 * find it? For each offloading strategy (native-async, pool, native-pool), in one process,
 * one server per setting — off (0), fixed 10, 15, 20, 25, and auto — on four cells: I/O (n=1,
 * 1 client), CPU n=22 with 1 and with 2 clients, and mixed (an n=1 client beside an n=30 client:
 * the I/O client's p99). A strategy's servers run at once; each round measures a slice of each
 * (ABBA order), so every "× off" ratio is paired by round. Server and load generator share the
 * cores.
 *
 * The best fixed threshold of each cell is also the most any rule that moves the threshold with
 * the load (busy → offload more, idle → less) could reach in that cell: such a rule only ever
 * picks among thresholds. "auto ÷ best" says how much is left on the table.
 *
 * `--rounds R` (default 4), `--slice S` seconds (default 0.4), `--strategies a,b`.
 */
import { parseArgs } from 'node:util';
import { sideRatio } from '../dist/compare/analyse/ratios.js';
// The compiled measuring code: the load generator's client workers are .js files next to it.
import { type Cell, localSliceTarget, measureSlice } from '../dist/compare/measure/slice.js';
import type { MeasurementRecord } from '../dist/compare/types.js';
import { serveCommand, startServer } from '../dist/launch/serve-command.js';
import { markdownTable } from '../dist/render/table.js';
import { findRuntime, type Runtime } from '../dist/runtimes/registry.js';
import { formatRatio, median, roundOrder } from '../dist/stats/index.js';
import { findVariant, type Variant } from '../dist/variants/registry.js';
import { describeEnvironment, formatEnvironment } from '../ts/environment.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '4' },
    slice: { type: 'string', default: '0.4' },
    strategies: { type: 'string', default: 'native-async,pool,native-pool' },
  },
});
const rounds = Number(values.rounds);
const timing = { startWarmupS: 1, warmupS: 0.2, sliceS: Number(values.slice) };

/** A cell of the table: what it measures and which figure of a slice is its value. */
interface Column {
  title: string;
  cell: Cell;
  /** The figure of a slice: req/s, or (mixed) the I/O client's p99. */
  metric: 'reqPerSec' | 'p99Ms';
  value(r: MeasurementRecord): number;
  higherIsBetter: boolean;
}
const columns: Column[] = [
  {
    title: 'I/O n=1 req/s',
    cell: { scenario: 'io', clients: 1, n: 1 },
    metric: 'reqPerSec',
    value: (r) => r.reqPerSec,
    higherIsBetter: true,
  },
  {
    title: 'CPU n=22, 1 client req/s',
    cell: { scenario: 'cpu', clients: 1, n: 22 },
    metric: 'reqPerSec',
    value: (r) => r.reqPerSec,
    higherIsBetter: true,
  },
  {
    title: 'CPU n=22, 2 clients req/s',
    cell: { scenario: 'cpu', clients: 2, n: 22 },
    metric: 'reqPerSec',
    value: (r) => r.reqPerSec,
    higherIsBetter: true,
  },
  {
    title: 'mixed: I/O p99 ms',
    cell: { scenario: 'mixed', clients: 2, n: 30 },
    metric: 'p99Ms',
    value: (r) => r.groups[1]?.latencyMs?.p99 ?? Number.NaN,
    higherIsBetter: false,
  },
];
const thresholds: ReadonlyArray<number | 'auto'> = [0, 10, 15, 20, 25, 'auto'];

console.log(formatEnvironment(describeEnvironment()));
const node = findRuntime('node') as Runtime;
const began = performance.now();
for (const name of values.strategies.split(',')) {
  // Each strategy in one process: `single+pool` is the pool preset, `single+native-pool` has no preset.
  const variant = findVariant(`single+${name}`);
  if (variant === undefined) {
    console.log(`\n(${name}: no such strategy in this tree, skipped)`);
    continue;
  }
  await benchStrategy(variant as Variant);
}
console.log(`\nwhole run: ${((performance.now() - began) / 1000).toFixed(0)} s`);

/** One server of the run: a strategy at one --inline-below setting. */
interface Setting {
  inlineBelow: number | 'auto';
  label: string;
  server: Awaited<ReturnType<typeof startServer>>;
  target: ReturnType<typeof localSliceTarget>;
}

async function benchStrategy(variant: Variant): Promise<void> {
  const servers: Setting[] = [];
  try {
    for (const inlineBelow of thresholds) {
      const server = await startServer(await serveCommand(variant, node, { inlineBelow, port: 0 }));
      const label = `${variant.name} --inline-below ${inlineBelow}`;
      servers.push({ inlineBelow, label, server, target: localSliceTarget(server, label) });
    }
    // Start warm-up: JIT, pools.
    for (const s of servers)
      await measureSlice(s.target, columns[0]?.cell as Cell, timing, -1, timing.startWarmupS);
    const records: MeasurementRecord[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const column of columns) {
        for (const s of roundOrder(servers, round))
          records.push(await measureSlice(s.target, column.cell, timing, round));
      }
    }
    const of = (label: string, column: Column) =>
      records.filter(
        (r) =>
          r.variant === label && r.scenario === column.cell.scenario && r.clients === column.cell.clients,
      );
    /** Paired by round: a ÷ b with its 95 % interval (compare's own paired ratio). */
    const ratio = (a: string, b: string, column: Column) => {
      const side = (label: string) => ({ variant: label, runtime: 'node', ...column.cell });
      return sideRatio(records, side(a), side(b), column.metric);
    };
    const [off] = servers;
    const shown = (s: Setting) => {
      if (s.inlineBelow !== 'auto') return String(s.inlineBelow === 0 ? '0 (off)' : s.inlineBelow);
      const e = s.server.readiness.extra;
      return `auto → ${e.inlineBelow} (hop ${e.hopUs} µs)`;
    };
    const rows = servers.map((s) =>
      [
        shown(s),
        ...columns.map((column) => {
          const value = median(of(s.label, column).map(column.value));
          const figure = column.higherIsBetter ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
          const r = s === off ? null : ratio(s.label, off?.label as string, column);
          return r === null ? figure : `${figure} · ${formatRatio(r)}`;
        }),
      ].map(String),
    );
    console.log(
      `\n${variant.name}: ${rounds} rounds × ${timing.sliceS} s slices; medians · paired ratio × off with its 95 % interval\n`,
    );
    console.log(
      markdownTable({
        header: ['--inline-below', ...columns.map((c) => c.title)],
        rows,
        align: ['l', ...columns.map(() => 'r' as const)],
      }),
    );
    // The best fixed setting of each cell against auto: the headroom a load-dependent rule could have.
    const auto = servers.find((s) => s.inlineBelow === 'auto');
    for (const column of columns) {
      const fixed = servers.filter((s) => s.inlineBelow !== 'auto');
      const score = (s: Setting) =>
        (column.higherIsBetter ? 1 : -1) * median(of(s.label, column).map(column.value));
      const best = fixed.reduce((a, b) => (score(b) > score(a) ? b : a));
      const r = auto === undefined ? null : ratio(auto.label, best.label, column);
      console.log(
        `- ${column.title}: best fixed ${shown(best)}; auto ÷ best ${r === null ? 'n/a' : formatRatio(r)}${column.higherIsBetter ? '' : ' (lower is better)'}`,
      );
    }
  } finally {
    await Promise.all(servers.map((s) => s.server.stop()));
  }
}
