/**
 * The map's few sentences, from its data: where offloading starts to pay (crossovers with their
 * intervals), what a connection costs, how the queue grows past the cores. Each claim rests on a
 * paired interval excluding 1, as headline.ts's do; a pair without a crossover says so.
 */
import { SYSTEM_RUNTIME } from '../runtimes/registry.js';
import { formatRatio } from '../stats/index.js';
import type { ConnectionCost } from './connection-cost.js';
import type { Crossover } from './crossover.js';
import { int, ms, us } from './format.js';
import { crossoverText } from './map-tables.js';
import type { CellSummary } from './summary.js';

/** The pairs the map's headline states (the crossover table has them all). */
const HEADLINE_PAIRS: ReadonlyArray<[string, string]> = [
  ['native-sync', 'event-loop'],
  ['pool', 'event-loop'],
  ['native-async', 'native-sync'],
  ['native-async', 'go'],
];

/** At most six sentences about the sweep, the scaling and the churn this run measured. */
export function mapHeadline(
  summaries: readonly CellSummary[],
  crossovers: readonly Crossover[] = [],
  costs: readonly ConnectionCost[] = [],
): string[] {
  const lines: string[] = [];
  const most = Math.max(0, ...crossovers.map((c) => c.clients));
  for (const [a, b] of HEADLINE_PAIRS) {
    const c = crossovers.find((x) => x.a === a && x.b === b && x.clients === most);
    if (c === undefined || c.verdict === 'unmeasured') continue;
    const evidence = c.at === null ? '' : ` (${c.a} ÷ ${c.b} = ${formatRatio(c.at)} there)`;
    lines.push(`${most} client${most === 1 ? '' : 's'}: ${crossoverText(c)}${evidence}.`);
  }
  const scaling = summaries.filter((s) => s.scenario === 'scaling' && s.runtime === SYSTEM_RUNTIME);
  const top = Math.max(0, ...scaling.map((s) => s.clients));
  const cpuN = Math.max(0, ...scaling.map((s) => s.n));
  const loop = (clients: number) =>
    scaling.find((s) => s.variant === 'event-loop' && s.n === cpuN && s.clients === clients);
  const one = loop(1);
  const many = loop(top);
  if (one?.p99Ms != null && many?.p99Ms != null && top > 1) {
    lines.push(
      `Past the cores the queue is the latency: event-loop at n=${cpuN} keeps ${int(many.reqPerSec.median)} req/s with ${top} clients (${int(one.reqPerSec.median)} with 1), but its p99 grows from ${ms(one.p99Ms)} ms to ${ms(many.p99Ms)} ms.`,
    );
  }
  const priced = costs.filter(
    (c) => c.runtime === SYSTEM_RUNTIME && c.serverCpuUs !== null && c.cpuRatio?.significance === 'higher',
  );
  if (priced.length >= 2) {
    const sorted = [...priced].sort((x, y) => (x.serverCpuUs as number) - (y.serverCpuUs as number));
    const cheap = sorted[0] as ConnectionCost;
    const dear = sorted[sorted.length - 1] as ConnectionCost;
    lines.push(
      `A new connection per request costs the server ${us(cheap.serverCpuUs)} µs of CPU on ${cheap.variant} and ${us(dear.serverCpuUs)} µs on ${dear.variant} (medians, paired with a kept-alive connection).`,
    );
  }
  return lines.slice(0, 6);
}
