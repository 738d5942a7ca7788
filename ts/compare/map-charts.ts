/**
 * The map's charts (Vega-Lite → SVG, rendered here): req/s over n per server with the crossovers
 * marked, and req/s and p99 over clients. The README shows them; the HTML report inlines them.
 */
import type * as vl from 'vega-lite';
import { SYSTEM_RUNTIME } from '../runtimes/registry.js';
import { svgOf } from './chart.js';
import type { Crossover } from './crossover.js';
import { tableOrder } from './format.js';
import type { CellSummary } from './summary.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The variants present, in table order (peers beside their counterparts): the colour legend's order. */
function variantOrder(cells: readonly CellSummary[]): string[] {
  return tableOrder()
    .map((v) => v.name)
    .filter((name) => cells.some((s) => s.variant === name));
}

const clientsLabel = (c: number) => `${c} client${c === 1 ? '' : 's'}`;

/** The crossings worth a mark: a real change of sides inside the grid, not "ahead everywhere". */
export function markedCrossovers(crossovers: readonly Crossover[]): Crossover[] {
  return crossovers.filter(
    (c) => (c.verdict === 'ahead-from' || c.verdict === 'behind-from') && c.from !== c.points[0]?.n,
  );
}

/** req/s over n, log scale, one line per server, one panel per client count; crossovers as labelled rules. */
export async function renderSweepChart(
  summaries: readonly CellSummary[],
  crossovers: readonly Crossover[],
  title: string,
): Promise<string | undefined> {
  const cells = summaries.filter((s) => s.scenario === 'sweep' && s.runtime === SYSTEM_RUNTIME);
  if (cells.length === 0) return undefined;
  const order = variantOrder(cells);
  const values = cells
    .filter((s) => s.notServed < s.clients)
    .map((s) => ({
      variant: s.variant,
      clients: clientsLabel(s.clients),
      n: s.n,
      reqPerSec: s.reqPerSec.median,
      low: s.reqPerSec.min,
      high: s.reqPerSec.max,
    }));
  const perPanel = new Map<string, number>();
  const marks = markedCrossovers(crossovers).map((c) => {
    const clients = clientsLabel(c.clients);
    const index = perPanel.get(clients) ?? 0;
    perPanel.set(clients, index + 1);
    const winner = c.verdict === 'ahead-from' ? c.a : c.b;
    const loser = c.verdict === 'ahead-from' ? c.b : c.a;
    return { clients, n: c.from, label: `${winner} > ${loser} from ${c.from}`, y: 8 + index * 11 };
  });
  const x = {
    field: 'n',
    type: 'quantitative' as const,
    title: 'n (fib(n) per request; each step ×1.62 the work)',
    scale: { domain: [0, 33], nice: false },
  };
  const spec: vl.TopLevelSpec = {
    $schema: SCHEMA,
    title: { text: title, anchor: 'start' },
    facet: { column: { field: 'clients', type: 'nominal', title: null } },
    data: {
      values: [...values.map((v) => ({ ...v, kind: 'rate' })), ...marks.map((m) => ({ ...m, kind: 'mark' }))],
    },
    spec: {
      width: 430,
      height: 340,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'mark'" }],
          mark: { type: 'rule', color: '#888', strokeDash: [3, 3] },
          encoding: { x },
        },
        {
          transform: [{ filter: "datum.kind === 'mark'" }],
          mark: { type: 'text', align: 'left', dx: 3, fontSize: 9, color: '#444' },
          encoding: { x, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 'label' } },
        },
        {
          transform: [{ filter: "datum.kind === 'rate'" }],
          mark: { type: 'line', point: true, strokeWidth: 1.5 },
          encoding: {
            x,
            y: {
              field: 'reqPerSec',
              type: 'quantitative',
              scale: { type: 'log' },
              title: 'req/s (median of the rounds, log scale)',
            },
            color: {
              field: 'variant',
              type: 'nominal',
              sort: order,
              scale: { scheme: 'tableau10' },
              title: null,
            },
          },
        },
      ],
    },
  };
  return svgOf(spec);
}

/** req/s and p99 over clients (log scales), one panel per n; a hollow point where some clients were not served. */
export async function renderScalingChart(
  summaries: readonly CellSummary[],
  title: string,
): Promise<string | undefined> {
  const cells = summaries.filter((s) => s.scenario === 'scaling' && s.runtime === SYSTEM_RUNTIME);
  if (cells.length === 0) return undefined;
  const order = variantOrder(cells);
  const values = cells.map((s) => ({
    variant: s.variant,
    n: `n=${s.n}`,
    clients: s.clients,
    reqPerSec: s.notServed >= s.clients ? null : s.reqPerSec.median,
    p99Ms: s.p99Ms,
    served: s.notServed > 0 ? 'some clients not served' : 'every client served',
  }));
  const panel = (field: 'reqPerSec' | 'p99Ms', yTitle: string) => ({
    facet: { column: { field: 'n', type: 'nominal' as const, title: null } },
    spec: {
      width: 400,
      height: 250,
      mark: { type: 'line' as const, point: { filled: true }, strokeWidth: 1.5 },
      encoding: {
        x: {
          field: 'clients',
          type: 'quantitative' as const,
          scale: { type: 'log' as const, base: 2 },
          axis: { values: [1, 2, 4, 8, 16, 32, 64, 128, 256] },
          title: 'clients (2 cores)',
        },
        y: { field, type: 'quantitative' as const, scale: { type: 'log' as const }, title: yTitle },
        color: {
          field: 'variant',
          type: 'nominal' as const,
          sort: order,
          scale: { scheme: 'tableau10' },
          title: null,
        },
        shape: { field: 'served', type: 'nominal' as const, title: null },
      },
    },
  });
  const spec: vl.TopLevelSpec = {
    $schema: SCHEMA,
    title: { text: title, anchor: 'start' },
    data: { values },
    vconcat: [panel('reqPerSec', 'req/s (median, log)'), panel('p99Ms', 'p99 ms (median, log)')],
  };
  return svgOf(spec);
}
