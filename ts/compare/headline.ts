/**
 * The few sentences a run supports, from its data: what the terminal shows first. Each one names
 * its cell and says what it is a median of; a sentence whose cells are missing is left out.
 */
import { SYSTEM_RUNTIME } from '../runtimes/registry.js';
import { VARIANTS } from '../variants/registry.js';
import type { CellSummary } from './summary.js';

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** The headline sentences (at most four). */
export function headline(summaries: readonly CellSummary[]): string[] {
  const node = summaries.filter((s) => s.runtime === SYSTEM_RUNTIME);
  const kindOf = (name: string) => VARIANTS.find((v) => v.name === name);
  const served = (s: CellSummary) => s.notServed === 0 && s.reqPerSec.median > 0;
  const best = (cells: CellSummary[]) =>
    cells.filter(served).sort((a, b) => b.reqPerSec.median - a.reqPerSec.median)[0];
  const cell = (variant: string, scenario: string, clients: number) =>
    node.find((s) => s.variant === variant && s.scenario === scenario && s.clients === clients);
  const lines: string[] = [];
  const maxClients = Math.max(0, ...node.filter((s) => s.scenario === 'cpu').map((s) => s.clients));

  for (const [scenario, what] of [
    ['io', 'I/O-bound (n=1)'],
    ['cpu', 'CPU-bound (n=22)'],
  ] as const) {
    const clients = Math.max(0, ...node.filter((s) => s.scenario === scenario).map((s) => s.clients));
    const ts = best(
      node.filter(
        (s) => s.scenario === scenario && s.clients === clients && kindOf(s.variant)?.kind === 'ts',
      ),
    );
    if (ts === undefined) continue;
    const go = cell('go', scenario, clients);
    const loop = cell('event-loop', scenario, clients);
    const against = [
      go && served(go) ? `${x(ts.reqPerSec.median, go.reqPerSec.median)} the Go peer` : '',
      loop && served(loop) && ts.variant !== 'event-loop'
        ? `${x(ts.reqPerSec.median, loop.reqPerSec.median)} event-loop`
        : '',
    ].filter(Boolean);
    lines.push(
      `${what}, ${clients} client${clients === 1 ? '' : 's'}: the fastest TypeScript server is ${ts.variant} at ${int(ts.reqPerSec.median)} req/s${against.length ? ` (${against.join(', ')})` : ''}.`,
    );
  }
  const mixed = node.filter((s) => s.scenario === 'mixed' && kindOf(s.variant)?.kind === 'ts');
  const io = (s: CellSummary) => s.groups[1];
  const loopMixed = mixed.find((s) => s.variant === 'event-loop');
  const calm = mixed
    .filter((s) => io(s)?.p99Ms != null && (io(s)?.notServedRepeats ?? 1) === 0)
    .sort((a, b) => (io(a)?.p99Ms ?? 0) - (io(b)?.p99Ms ?? 0))[0];
  if (loopMixed && calm && io(loopMixed)?.p99Ms != null) {
    lines.push(
      `Beside a client computing fib(30), an n=1 client waits ${io(loopMixed)?.p99Ms?.toFixed(2)} ms at p99 on event-loop and ${io(calm)?.p99Ms?.toFixed(2)} ms on ${calm.variant}: CPU work on the event loop starves everyone.`,
    );
  }
  const python = best(
    node.filter(
      (s) =>
        s.scenario === 'cpu' &&
        s.clients === maxClients &&
        kindOf(s.variant)?.kind === 'peer' &&
        s.variant.startsWith('py-'),
    ),
  );
  const ts = best(
    node.filter((s) => s.scenario === 'cpu' && s.clients === maxClients && kindOf(s.variant)?.kind === 'ts'),
  );
  if (python && ts) {
    lines.push(
      `CPU-bound, the best Python peer (${python.variant}, ${int(python.reqPerSec.median)} req/s) reaches ${x(python.reqPerSec.median, ts.reqPerSec.median)} of ${ts.variant}.`,
    );
  }
  return lines.slice(0, 4);
}
