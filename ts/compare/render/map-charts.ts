/**
 * The map's charts (Vega-Lite → SVG, rendered here): req/s over n per server with the crossovers
 * marked, and req/s and p99 over clients. The README shows them; the HTML report inlines them.
 */
import type * as vl from 'vega-lite';
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import type { Crossover } from '../analyse/crossover.js';
import { type CellSummary, REFERENCE_VARIANT } from '../analyse/summary.js';
import { tableOrder } from '../roster.js';
import { clientsLabel, FULL_LABELS, intervalLayer, SCHEMA, svgOf } from './chart-kit.js';

/** The variants present, in table order (peers beside their counterparts): the colour legend's order. */
function variantOrder(cells: readonly CellSummary[]): string[] {
  return tableOrder()
    .map((v) => v.name)
    .filter((name) => cells.some((s) => s.variant === name));
}

/** The crossings worth a mark: a real change of sides inside the grid, not "ahead everywhere". */
export function markedCrossovers(crossovers: readonly Crossover[]): Crossover[] {
  return crossovers.filter(
    (c) => (c.verdict === 'ahead-from' || c.verdict === 'behind-from') && c.from !== c.points[0]?.n,
  );
}

/**
 * The map in two rows, one panel per client count: above, each server's req/s ÷ event-loop's
 * (paired by round; a filled point where the 95 % interval excludes 1, hollow where it holds 1),
 * so a crossover is a line crossing 1; below, req/s itself (log), the crossovers of the table
 * marked as labelled rules.
 */
export async function renderSweepChart(
  summaries: readonly CellSummary[],
  crossovers: readonly Crossover[],
  title: string,
): Promise<string | undefined> {
  const cells = summaries.filter((s) => s.scenario === 'sweep' && s.runtime === SYSTEM_RUNTIME);
  if (cells.length === 0) return undefined;
  const order = variantOrder(cells);
  // Each server's intervals a little left or right of n, so that the bars at one n stand apart.
  const nudge = (variant: string) => (order.indexOf(variant) - (order.length - 1) / 2) * 0.07;
  const values = cells
    .filter((s) => s.notServed < s.clients)
    .map((s) => {
      const ratio = s.variant === REFERENCE_VARIANT ? null : s.vsEventLoop;
      return {
        kind: 'rate',
        variant: s.variant,
        clients: clientsLabel(s.clients),
        n: s.n,
        nudged: s.n + nudge(s.variant),
        reqPerSec: s.reqPerSec.median,
        ratio: ratio?.estimate ?? null,
        low: ratio?.interval?.low ?? null,
        high: ratio?.interval?.high ?? null,
        verdict: ratio?.significance === '~' ? 'within noise (~)' : 'significant',
      };
    });
  const perPanel = new Map<string, number>();
  const marks = markedCrossovers(crossovers).map((c) => {
    const clients = clientsLabel(c.clients);
    const index = perPanel.get(clients) ?? 0;
    perPanel.set(clients, index + 1);
    const winner = c.verdict === 'ahead-from' ? c.a : c.b;
    const loser = c.verdict === 'ahead-from' ? c.b : c.a;
    return {
      kind: 'mark',
      clients,
      n: c.from,
      label: `${winner} > ${loser} from ${c.from}`,
      y: 8 + index * 11,
    };
  });
  const x = {
    field: 'n',
    type: 'quantitative' as const,
    title: 'n (fib(n) per request; each step ×1.62 the work)',
    scale: { domain: [0, 33], nice: false },
  };
  const color = variantColor(order);
  const nudged = { ...x, field: 'nudged' };
  const ratioScale = { type: 'log' as const, domain: [0.1, 10], clamp: true };
  const facet = { column: { field: 'clients', type: 'nominal' as const, title: null } };
  const ratios = {
    facet,
    spec: {
      width: 430,
      height: 260,
      transform: [{ filter: "datum.kind === 'rate' && datum.ratio !== null" }],
      layer: [
        {
          mark: { type: 'rule' as const, color: '#333', strokeDash: [2, 2] },
          encoding: { y: { datum: 1 } },
        },
        {
          mark: { type: 'line' as const, strokeWidth: 1.5 },
          encoding: {
            x: nudged,
            y: {
              field: 'ratio',
              type: 'quantitative' as const,
              scale: ratioScale,
              title: '× event-loop (paired, 95 % interval)',
            },
            color,
          },
        },
        {
          // The paired 95 % interval of each ratio.
          name: intervalLayer('sweep'),
          transform: [{ filter: 'datum.low !== null' }],
          mark: { type: 'rule' as const, strokeWidth: 1.2, opacity: 0.7 },
          encoding: {
            x: nudged,
            y: { field: 'low', type: 'quantitative' as const, scale: ratioScale },
            y2: { field: 'high' },
            color,
          },
        },
        {
          // Filled where the paired 95 % interval excludes 1; hollow where it holds 1 (~).
          mark: { type: 'point' as const, size: 36, filled: false, strokeWidth: 1.5 },
          encoding: {
            x: nudged,
            y: { field: 'ratio', type: 'quantitative' as const },
            color,
            fill: {
              condition: {
                test: "datum.verdict === 'significant'",
                field: 'variant',
                type: 'nominal' as const,
                scale: { scheme: 'tableau10' as const, domain: order },
              },
              value: 'white',
            },
          },
        },
      ],
    },
  };
  const rates = {
    facet,
    spec: {
      width: 430,
      height: 260,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'mark'" }],
          mark: { type: 'rule' as const, color: '#888', strokeDash: [3, 3] },
          encoding: { x },
        },
        {
          transform: [{ filter: "datum.kind === 'mark'" }],
          mark: { type: 'text' as const, align: 'right' as const, dx: -3, fontSize: 9, color: '#444' },
          encoding: {
            x,
            y: { field: 'y', type: 'quantitative' as const, scale: null },
            text: { field: 'label' },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'rate'" }],
          mark: { type: 'line' as const, point: true, strokeWidth: 1.5 },
          encoding: {
            x,
            y: {
              field: 'reqPerSec',
              type: 'quantitative' as const,
              scale: { type: 'log' as const },
              title: 'req/s (median of the rounds, log)',
            },
            color,
          },
        },
      ],
    },
  };
  const spec: vl.TopLevelSpec = {
    $schema: SCHEMA,
    title: { text: title, anchor: 'start' },
    data: { values: [...values, ...marks] },
    // One client count: the two panels side by side; more: one row of panels per kind.
    ...(new Set(cells.map((s) => s.clients)).size === 1
      ? { hconcat: [ratios, rates] }
      : { vconcat: [ratios, rates] }),
    resolve: { scale: { color: 'shared' } },
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
  // Where a model served nobody in a slice, its line stops: say so in the panel, once per model.
  const gone: Array<{ kind: 'gone'; n: string; clients: number; label: string; y: number; variant: string }> =
    [];
  for (const n of [...new Set(cells.map((s) => s.n))]) {
    for (const variant of order) {
      const first = cells
        .filter((s) => s.variant === variant && s.n === n && s.notServed >= s.clients)
        .sort((a, b) => a.clients - b.clients)[0];
      if (first === undefined) continue;
      const index = gone.filter((g) => g.n === `n=${n}`).length;
      gone.push({
        kind: 'gone',
        n: `n=${n}`,
        clients: first.clients,
        variant,
        label: `✕ ${variant}: nobody served at ${first.clients} clients`,
        y: 240 - index * 11,
      });
    }
  }
  const x = {
    field: 'clients',
    type: 'quantitative' as const,
    scale: { type: 'log' as const, base: 2 },
    axis: { values: [1, 2, 4, 8, 16, 32, 64, 128, 256] },
    title: 'clients (2 cores)',
  };
  const color = variantColor(order);
  const panel = (field: 'reqPerSec' | 'p99Ms', yTitle: string) => ({
    facet: { column: { field: 'n', type: 'nominal' as const, title: null } },
    spec: {
      width: 400,
      height: 250,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'cell'" }],
          mark: { type: 'line' as const, point: { filled: true }, strokeWidth: 1.5 },
          encoding: {
            x,
            y: { field, type: 'quantitative' as const, scale: { type: 'log' as const }, title: yTitle },
            color,
            shape: {
              field: 'served',
              type: 'nominal' as const,
              title: null,
              legend: { labelLimit: FULL_LABELS },
            },
          },
        },
        ...(field === 'reqPerSec'
          ? [
              {
                transform: [{ filter: "datum.kind === 'gone'" }],
                mark: { type: 'text' as const, align: 'left' as const, fontSize: 9, dx: 3 },
                encoding: {
                  x: { datum: 1 },
                  y: { field: 'y', type: 'quantitative' as const, scale: null },
                  text: { field: 'label' },
                  color,
                },
              },
            ]
          : []),
      ],
    },
  });
  const spec: vl.TopLevelSpec = {
    $schema: SCHEMA,
    title: { text: title, anchor: 'start' },
    data: { values: [...values.map((v) => ({ ...v, kind: 'cell' })), ...gone] },
    vconcat: [panel('reqPerSec', 'req/s (median, log)'), panel('p99Ms', 'closed-loop p99 ms (median, log)')],
  };
  return svgOf(spec);
}

/** The colour channel every map chart shares: one colour per variant, in the tables' order. */
function variantColor(order: readonly string[]) {
  return {
    field: 'variant',
    type: 'nominal' as const,
    sort: [...order],
    scale: { scheme: 'tableau10' },
    title: null,
    legend: { labelLimit: FULL_LABELS },
  };
}
