/**
 * The HTML report's own figures (Vega-Lite → SVG here, so the page needs no script): the seed's
 * rates with "not served" written where a bar would lie, the mixed scenario's I/O latency as a
 * percentile plot, and the runtimes side by side. The map's charts come from render/map-charts.ts.
 */
import type * as vl from 'vega-lite';
import { mergeHistograms } from '../../load/histogram.js';
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import type { CellSummary } from '../analyse/summary.js';
import { tableOrder } from '../roster.js';
import { SCENARIOS, STORY_CELLS } from '../scenarios.js';
import type { MeasurementRecord } from '../types.js';
import { svgOf } from './chart.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const clientsLabel = (c: number) => `${c} client${c === 1 ? '' : 's'}`;
const rowName = (name: string) => {
  const variant = tableOrder().find((v) => v.name === name);
  return variant?.kind === 'peer' ? `  ${name} (${variant.language})` : name;
};

/** req/s per server in the seed's rate tables; a cell nobody was served in says so instead of a bar. */
export async function seedRatesChart(summaries: readonly CellSummary[]): Promise<string | undefined> {
  const cells = summaries.filter(
    (s) => ['io', 'cpu', 'heavy'].includes(s.scenario) && s.runtime === SYSTEM_RUNTIME,
  );
  if (cells.length === 0) return undefined;
  const order = tableOrder()
    .filter((v) => cells.some((s) => s.variant === v.name))
    .map((v) => rowName(v.name));
  const values = cells.map((s) => {
    const none = s.notServed >= s.clients;
    return {
      scenario: SCENARIOS[s.scenario].title,
      variant: rowName(s.variant),
      clients: clientsLabel(s.clients),
      // Nobody served: no bar at all, the words instead; some not served: the bar, and the words.
      reqPerSec: none ? null : s.reqPerSec.median,
      note: none ? 'not served' : s.notServed > 0 ? `${s.notServed} of ${s.clients} clients not served` : '',
    };
  });
  const y = { field: 'variant', type: 'nominal', sort: order, title: null } as const;
  const spec: vl.TopLevelSpec = {
    $schema: SCHEMA,
    data: { values },
    facet: {
      row: {
        field: 'scenario',
        type: 'nominal',
        title: null,
        sort: (['io', 'cpu', 'heavy'] as const).map((s) => SCENARIOS[s].title),
      },
    },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 560,
      layer: [
        {
          mark: 'bar',
          encoding: {
            y,
            yOffset: { field: 'clients' },
            x: { field: 'reqPerSec', type: 'quantitative', title: 'req/s (median of the rounds)' },
            color: { field: 'clients', type: 'nominal', title: null },
          },
        },
        {
          transform: [{ filter: "datum.note !== ''" }],
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 9, fontStyle: 'italic', color: '#b00' },
          encoding: {
            y,
            yOffset: { field: 'clients' },
            x: { datum: 0 },
            text: { field: 'note' },
          },
        },
      ],
    },
  };
  return svgOf(spec);
}

/** The percentiles the latency plot draws (HdrHistogram's percentile distribution, cut short). */
const PERCENTILES = [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99];

/**
 * The mixed scenario's I/O client: its whole latency distribution per server, all rounds merged,
 * as a percentile plot (x: 1 ÷ (1 − p), so 90 %, 99 %, 99.9 % sit evenly; y: ms, log).
 */
export async function mixedLatencyChart(
  records: readonly MeasurementRecord[],
): Promise<{ svg: string; notServed: string[] } | undefined> {
  const mixed = records.filter((r) => r.scenario === 'mixed' && r.runtime === SYSTEM_RUNTIME);
  if (mixed.length === 0) return undefined;
  const values: Array<{ variant: string; x: number; percentile: number; ms: number }> = [];
  const notServed: string[] = [];
  const order: string[] = [];
  for (const variant of tableOrder()) {
    const mine = mixed.filter((r) => r.variant === variant.name);
    if (mine.length === 0) continue;
    const encoded = mine
      .map((r) => r.groups[1])
      .filter((g) => g !== undefined && g.notServed < g.clients && (g.latencyHistogram ?? '') !== '')
      .map((g) => g?.latencyHistogram as string);
    if (encoded.length === 0) {
      notServed.push(variant.name);
      continue;
    }
    const merged = mergeHistograms(encoded);
    order.push(rowName(variant.name));
    for (const p of PERCENTILES) {
      values.push({
        variant: rowName(variant.name),
        x: 1 / (1 - p / 100),
        percentile: p,
        ms: Math.max(merged.getValueAtPercentile(p), 1) / 1000,
      });
    }
  }
  if (values.length === 0) return undefined;
  const spec: vl.TopLevelSpec = {
    $schema: SCHEMA,
    data: { values },
    width: 640,
    height: 320,
    mark: { type: 'line', point: true, strokeWidth: 1.5 },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        scale: { type: 'log' },
        axis: {
          values: [1, 2, 10, 100, 1000, 10000],
          labelExpr:
            "{'1': '0 %', '2': '50 %', '10': '90 %', '100': '99 %', '1000': '99.9 %', '10000': '99.99 %'}[datum.label] || ''",
        },
        title: 'percentile of the I/O client’s requests',
      },
      y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'latency ms (log)' },
      color: { field: 'variant', type: 'nominal', sort: order, scale: { scheme: 'tableau20' }, title: null },
    },
  };
  return { svg: await svgOf(spec), notServed };
}

/** The story cells on every runtime: req/s per server, one bar per runtime. */
export async function runtimesChart(
  summaries: readonly CellSummary[],
  runtimes: readonly string[],
): Promise<string | undefined> {
  if (runtimes.length < 2) return undefined;
  const rates = STORY_CELLS.filter((c) => c.scenario !== 'mixed');
  const others = new Set(summaries.filter((s) => s.runtime !== SYSTEM_RUNTIME).map((s) => s.variant));
  const values = summaries
    .filter(
      (s) => others.has(s.variant) && rates.some((c) => c.scenario === s.scenario && c.clients === s.clients),
    )
    .map((s) => ({
      measure: `${SCENARIOS[s.scenario].title}, ${clientsLabel(s.clients)}`,
      variant: s.variant,
      runtime: s.runtime,
      reqPerSec: s.notServed >= s.clients ? null : s.reqPerSec.median,
    }));
  if (values.length === 0) return undefined;
  const spec: vl.TopLevelSpec = {
    $schema: SCHEMA,
    data: { values },
    facet: { column: { field: 'measure', type: 'nominal', title: null } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 300,
      mark: 'bar',
      encoding: {
        y: {
          field: 'variant',
          type: 'nominal',
          sort: tableOrder().map((v) => v.name),
          title: null,
        },
        yOffset: { field: 'runtime', sort: [...runtimes] },
        x: { field: 'reqPerSec', type: 'quantitative', title: 'req/s (median)' },
        color: { field: 'runtime', type: 'nominal', sort: [...runtimes], title: null },
      },
    },
  };
  return svgOf(spec);
}
