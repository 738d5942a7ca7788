/**
 * The few sentences a run supports, from its data: what the terminal shows first. Each names its
 * cell; a comparison is stated as "ahead" or "behind" only when its paired 95 % interval excludes
 * 1, and as "no significant difference" otherwise. A sentence whose cells are missing is left out.
 */
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import { formatRatio, type RatioEstimate } from '../../stats/index.js';
import { findVariant } from '../../variants/registry.js';
import { type CellSummary, GO_VARIANT, REFERENCE_VARIANT } from '../analyse/summary.js';
import { loopLabel } from './format.js';

const int = (v: number) => Math.round(v).toLocaleString('en-US');

/** "1.46× (1.31–1.62) the Go peer", or "no significant difference from the Go peer (~ 1.02× …)". */
function versus(r: RatioEstimate | null, what: string): string {
  if (r === null) return '';
  return r.significance === '~'
    ? `no significant difference from ${what} (${formatRatio(r)})`
    : `${formatRatio(r)} ${what}`;
}

const us = (v: number) => (v < 10 ? v.toFixed(1) : int(v));

/**
 * A cell whose req/s measures thread placement: no model ranked by it; the leanest TypeScript
 * server by server CPU per reply instead, beside Go and event-loop (medians).
 */
function placementLine(
  cell: string,
  cells: readonly CellSummary[],
  note: NonNullable<CellSummary['placement']>,
): string {
  const withCpu = cells.filter((s) => s.cpuUsPerReply !== null && s.notServed === 0);
  const leanest = withCpu
    .filter((s) => findVariant(s.variant)?.kind === 'ts')
    .sort((a, b) => (a.cpuUsPerReply ?? 0) - (b.cpuUsPerReply ?? 0))[0];
  const beside = [GO_VARIANT, REFERENCE_VARIANT]
    .filter((name) => name !== leanest?.variant)
    .flatMap((name) => {
      const s = withCpu.find((c) => c.variant === name);
      return s?.cpuUsPerReply == null
        ? []
        : [`${name === GO_VARIANT ? 'Go' : name} ${us(s.cpuUsPerReply)} µs`];
    });
  const why = `req/s here measures thread placement, not the servers (a median ${us(note.cpuUsPerReply)} µs of server CPU per reply, on the ${note.cores} cores the load generator shares), so no model is ranked by it`;
  return leanest?.cpuUsPerReply == null
    ? `${cell}: ${why}.`
    : `${cell}: ${why}; the leanest TypeScript server is ${leanest.variant} at ${us(leanest.cpuUsPerReply)} µs of server CPU per reply (medians${beside.length ? `; ${beside.join(', ')}` : ''}).`;
}

/** The headline sentences (at most four). */
export function headline(summaries: readonly CellSummary[]): string[] {
  const node = summaries.filter((s) => s.runtime === SYSTEM_RUNTIME && s.transport === undefined);
  const kindOf = findVariant;
  const served = (s: CellSummary) => s.notServed === 0 && s.reqPerSec.median > 0;
  const best = (cells: CellSummary[]) =>
    cells.filter(served).sort((a, b) => b.reqPerSec.median - a.reqPerSec.median)[0];
  const lines: string[] = [];
  const maxClients = (scenario: string) =>
    Math.max(0, ...node.filter((s) => s.scenario === scenario).map((s) => s.clients));

  for (const [scenario, what] of [
    ['io', 'I/O-bound (n=1)'],
    ['cpu', 'CPU-bound (n=22)'],
  ] as const) {
    const clients = maxClients(scenario);
    const ts = best(
      node.filter(
        (s) => s.scenario === scenario && s.clients === clients && kindOf(s.variant)?.kind === 'ts',
      ),
    );
    if (ts === undefined) continue;
    const cells = node.filter((s) => s.scenario === scenario && s.clients === clients);
    if (ts.placement !== undefined) {
      lines.push(placementLine(`${what}, ${clients} client${clients === 1 ? '' : 's'}`, cells, ts.placement));
      continue;
    }
    const against = [
      versus(ts.vsGo, 'the Go peer'),
      ts.variant === 'event-loop' ? '' : versus(ts.vsEventLoop, 'event-loop'),
    ].filter(Boolean);
    lines.push(
      `${what}, ${clients} client${clients === 1 ? '' : 's'}: the fastest TypeScript server is ${ts.variant} at ${int(ts.reqPerSec.median)} req/s${against.length ? `: ${against.join('; ')}` : ''}.`,
    );
  }
  const mixed = node.filter((s) => s.scenario === 'mixed' && kindOf(s.variant)?.kind === 'ts');
  const io = (s: CellSummary) => s.groups[1];
  const loopMixed = mixed.find((s) => s.variant === 'event-loop');
  const calm = mixed
    .filter((s) => io(s)?.p99Ms != null && (io(s)?.notServedRounds ?? 1) === 0)
    .sort((a, b) => (io(a)?.p99Ms ?? 0) - (io(b)?.p99Ms ?? 0))[0];
  if (loopMixed && calm && io(loopMixed)?.p99Ms != null) {
    lines.push(
      `Beside a client computing fib(30), an n=1 client (${loopLabel(loopMixed.offered)}) waits ${io(loopMixed)?.p99Ms?.toFixed(2)} ms at p99 on event-loop and ${io(calm)?.p99Ms?.toFixed(2)} ms on ${calm.variant} (medians over rounds): CPU work on the event loop starves everyone.`,
    );
  }
  const cpuClients = maxClients('cpu');
  const python = best(
    node.filter(
      (s) =>
        s.scenario === 'cpu' &&
        s.clients === cpuClients &&
        kindOf(s.variant)?.kind === 'peer' &&
        s.variant.startsWith('py-'),
    ),
  );
  const ts = best(
    node.filter((s) => s.scenario === 'cpu' && s.clients === cpuClients && kindOf(s.variant)?.kind === 'ts'),
  );
  // Never a ranking by a placement-bound req/s (placement.ts).
  if (python && ts && ts.placement === undefined && python.placement === undefined) {
    lines.push(
      `CPU-bound, the best Python peer (${python.variant}, ${int(python.reqPerSec.median)} req/s) serves ${(python.reqPerSec.median / ts.reqPerSec.median).toFixed(2)}× what ${ts.variant} does (medians).`,
    );
  }
  return lines.slice(0, 4);
}
