/**
 * The map's few sentences, from its data: where offloading starts to pay (crossovers with their
 * intervals), what a connection costs, how the queue grows past the cores. Each claim rests on a
 * paired interval excluding 1, as headline.ts's do; a pair without a crossover says so.
 */
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import { formatRatio } from '../../stats/index.js';
import type { ConnectionCost } from '../analyse/connection-cost.js';
import type { Crossover } from '../analyse/crossover.js';
import type { CellSummary } from '../analyse/summary.js';
import { int, ms, us } from './format.js';
import { crossoverText } from './map-tables.js';

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
  const at = (variant: string, clients: number) =>
    scaling.find((s) => s.variant === variant && s.n === cpuN && s.clients === clients);
  const one = at('event-loop', 1);
  const many = at('event-loop', top);
  const calmest = scaling
    .filter((s) => s.n === cpuN && s.clients === top && s.notServed === 0 && s.p99Ms !== null)
    .sort((a, b) => (a.p99Ms as number) - (b.p99Ms as number))[0];
  if (one?.p99Ms != null && many?.p99Ms != null && top > 1) {
    lines.push(
      `Past the cores the queue is the latency: at n=${cpuN}, event-loop's p99 grows from ${ms(one.p99Ms)} ms with 1 client to ${ms(many.p99Ms)} ms with ${top}${calmest === undefined ? '' : `; the lowest p99 with every one of ${top} clients served: ${calmest.variant}, ${ms(calmest.p99Ms)} ms`} (medians).`,
    );
  }
  // The smallest client count from which a model served nobody in a slice, at every larger count too.
  for (const variant of ['worker-per-connection', 'sequential']) {
    const cells = scaling
      .filter((s) => s.variant === variant && s.n === 1)
      .sort((a, b) => a.clients - b.clients);
    const from = cells.findIndex((_, i) => cells.slice(i).every((c) => c.notServed > 0));
    const first = cells[from];
    if (first === undefined || first.clients === 1) continue;
    lines.push(
      variant === 'sequential'
        ? `sequential serves one client at a time: from ${first.clients} clients on, all but one wait unserved (${int(first.reqPerSec.median)} req/s is that one client's).`
        : `worker-per-connection starts a thread per connection: from ${first.clients} clients on, some were still unserved when the slice ended (${first.notServed} of ${first.clients} at n=1).`,
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
