/**
 * The HTML report's own figures (Vega-Lite → SVG here, so the page needs no script): the mixed
 * scenario's I/O latency with the few lines a reader compares drawn in colour, and the runtimes
 * as paired ratios with their intervals. The seed's rates come from render/chart.ts, the map's
 * charts from render/map-charts.ts.
 */
import type * as vl from 'vega-lite';
import { mergeHistograms } from '../../load/histogram.js';
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import type { HeadlineRatio } from '../analyse/ratios.js';
import type { CellSummary } from '../analyse/summary.js';
import { label, tableOrder } from '../roster.js';
import { SCENARIOS, STORY_CELLS } from '../scenarios.js';
import type { MeasurementRecord } from '../types.js';
import { clientsLabel, FULL_LABELS, intervalLayer, rowName, SCHEMA, serverAxis, svgOf } from './chart-kit.js';

/** The percentiles the latency plot draws (HdrHistogram's percentile distribution, cut short). */
const PERCENTILES = [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99];

/** Colours of the highlighted servers, in the order given; everyone else is grey. */
const HIGHLIGHT_COLOURS = ['#d62728', '#1f77b4', '#2ca02c', '#ff7f0e', '#9467bd'];
const OTHERS = 'every other server';

/**
 * The mixed scenario's I/O client: its whole latency distribution per server, all rounds merged,
 * as a percentile plot (x: 1 ÷ (1 − p), so 90 %, 99 %, 99.9 % sit evenly; y: ms, log). The
 * servers in `highlight` (the starving event loop, Go, the answer, the best seed row) are drawn in
 * colour; the rest are thin grey lines, there for the shape of the crowd.
 */
export async function mixedLatencyChart(
  records: readonly MeasurementRecord[],
  highlight: readonly string[] = [],
): Promise<{ svg: string; notServed: string[]; others: string[] } | undefined> {
  const mixed = records.filter(
    (r) => r.scenario === 'mixed' && r.runtime === SYSTEM_RUNTIME && r.transport === undefined,
  );
  if (mixed.length === 0) return undefined;
  const values: Array<{ variant: string; group: string; x: number; percentile: number; ms: number }> = [];
  const notServed: string[] = [];
  const others: string[] = [];
  const drawn: string[] = [];
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
    const name = label(variant);
    const lit = highlight.includes(variant.name);
    if (lit) drawn.push(name);
    else others.push(variant.name);
    for (const p of PERCENTILES) {
      values.push({
        variant: name,
        group: lit ? name : OTHERS,
        x: 1 / (1 - p / 100),
        percentile: p,
        ms: Math.max(merged.getValueAtPercentile(p), 1) / 1000,
      });
    }
  }
  if (values.length === 0) return undefined;
  const lit = highlight.map((v) => rowName(v)).filter((name) => drawn.includes(name));
  const domain = others.length > 0 ? [...lit, OTHERS] : lit;
  const color = {
    field: 'group',
    type: 'nominal',
    title: null,
    scale: { domain, range: [...HIGHLIGHT_COLOURS.slice(0, lit.length), '#c4c4c4'] },
    legend: { labelLimit: FULL_LABELS, symbolStrokeWidth: 3 },
  } as const;
  const x = {
    field: 'x',
    type: 'quantitative',
    scale: { type: 'log' },
    axis: {
      values: [1, 2, 10, 100, 1000, 10000] as number[],
      labelExpr:
        "{'1': '0 %', '2': '50 %', '10': '90 %', '100': '99 %', '1000': '99.9 %', '10000': '99.99 %'}['' + datum.value] || ''",
    },
    title: 'percentile of the I/O client’s requests',
  } as const;
  const y = { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'latency ms (log)' } as const;
  const spec: vl.TopLevelSpec = {
    $schema: SCHEMA,
    data: { values },
    width: 720,
    height: 320,
    layer: [
      {
        transform: [{ filter: `datum.group === '${OTHERS}'` }],
        mark: { type: 'line', strokeWidth: 1, opacity: 0.8 },
        encoding: { x, y, color, detail: { field: 'variant' } },
      },
      {
        transform: [{ filter: `datum.group !== '${OTHERS}'` }],
        mark: { type: 'line', point: true, strokeWidth: 2.5 },
        encoding: { x, y, color },
      },
    ],
    config: { legend: { orient: 'right' } },
  };
  return { svg: await svgOf(spec), notServed, others };
}

/**
 * The story cells on every runtime, as paired ratios to the same server on the system Node: a
 * point with its 95 % interval (filled where the interval excludes 1), one panel per cell.
 */
export async function runtimesChart(
  summaries: readonly CellSummary[],
  runtimes: readonly string[],
): Promise<string | undefined> {
  if (runtimes.length < 2) return undefined;
  const rates = STORY_CELLS.filter((c) => c.scenario !== 'mixed');
  const others = runtimes.filter((r) => r !== SYSTEM_RUNTIME);
  const values = summaries
    .filter(
      (s) =>
        s.runtime !== SYSTEM_RUNTIME &&
        s.transport === undefined &&
        rates.some((c) => c.scenario === s.scenario && c.clients === s.clients),
    )
    .map((s) => {
      const r = s.notServed >= s.clients ? null : s.vsSystemNode;
      return {
        measure: `${SCENARIOS[s.scenario].title}, ${clientsLabel(s.clients)}`,
        variant: rowName(s.variant),
        runtime: s.runtime,
        ratio: r?.estimate ?? null,
        low: r?.interval?.low ?? null,
        high: r?.interval?.high ?? null,
        verdict: r === null ? 'none' : r.significance === '~' ? 'within noise (~)' : 'significant',
      };
    });
  if (values.every((v) => v.ratio === null)) return undefined;
  const y = serverAxis(values.map((r) => r.variant));
  const yOffset = { field: 'runtime', type: 'nominal', sort: others } as const;
  const color = { field: 'runtime', type: 'nominal', sort: others, title: null } as const;
  const x = {
    field: 'ratio',
    type: 'quantitative',
    scale: { type: 'log', nice: false, padding: 12 },
    title: `× the same server on ${SYSTEM_RUNTIME} (req/s, paired, 95 % interval)`,
  } as const;
  const spec: vl.TopLevelSpec = {
    $schema: SCHEMA,
    data: { values },
    facet: { column: { field: 'measure', type: 'nominal', title: null, header: { labelFontSize: 12 } } },
    spacing: 24,
    spec: {
      width: 360,
      // One band per runtime inside each server's row; a lone runtime gets a readable row.
      height: { step: others.length === 1 ? 20 : 12 },
      layer: [
        { mark: { type: 'rule', color: '#555', strokeDash: [3, 3] }, encoding: { x: { datum: 1 } } },
        {
          name: intervalLayer('runtimes'),
          transform: [{ filter: 'datum.low !== null' }],
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: {
            y,
            yOffset,
            x: { field: 'low', type: 'quantitative', scale: { type: 'log' } },
            x2: { field: 'high' },
            color,
          },
        },
        {
          transform: [{ filter: 'datum.ratio !== null' }],
          mark: { type: 'point', size: 40, strokeWidth: 1.5, opacity: 1 },
          encoding: {
            y,
            yOffset,
            x,
            color,
            fill: {
              condition: {
                test: "datum.verdict === 'significant'",
                field: 'runtime',
                type: 'nominal',
                sort: others,
              },
              value: 'white',
            },
          },
        },
      ],
    },
    config: { legend: { orient: 'top' } },
  };
  return svgOf(spec);
}

/**
 * The headline ratios as a forest plot: each pair's req/s ratio and server-CPU-per-reply ratio,
 * a point with its paired 95 % interval (filled where it excludes 1), a dashed line at 1.
 */
export async function headlineRatiosChart(ratios: readonly HeadlineRatio[]): Promise<string | undefined> {
  const measures = [
    { key: 'ratio', title: 'req/s ratio (right of 1: the first side serves more)' },
    { key: 'cpuPerReply', title: 'server CPU per reply, ratio (left of 1: the first side is leaner)' },
  ] as const;
  const values = ratios.flatMap((h) =>
    measures.flatMap(({ key, title }) => {
      const r = h[key];
      if (r === null) return [];
      return [
        {
          pair: h.label,
          measure: title,
          ratio: r.estimate,
          low: r.interval?.low ?? null,
          high: r.interval?.high ?? null,
          verdict: r.significance === '~' ? 'within noise (~)' : 'significant',
        },
      ];
    }),
  );
  if (values.length === 0) return undefined;
  const y = {
    field: 'pair',
    type: 'nominal',
    sort: ratios.map((h) => h.label),
    title: null,
    axis: { labelLimit: FULL_LABELS },
  } as const;
  const spec: vl.TopLevelSpec = {
    $schema: SCHEMA,
    data: { values },
    facet: {
      column: {
        field: 'measure',
        type: 'nominal',
        title: null,
        sort: measures.map((m) => m.title),
        header: { labelFontSize: 12 },
      },
    },
    spacing: 24,
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 330,
      height: { step: 18 },
      layer: [
        { mark: { type: 'rule', color: '#555', strokeDash: [3, 3] }, encoding: { x: { datum: 1 } } },
        {
          name: intervalLayer('headline'),
          transform: [{ filter: 'datum.low !== null' }],
          mark: { type: 'rule', strokeWidth: 1.5, color: '#4c78a8' },
          encoding: {
            y,
            x: { field: 'low', type: 'quantitative', scale: { type: 'log', nice: false, padding: 12 } },
            x2: { field: 'high' },
          },
        },
        {
          mark: { type: 'point', size: 45, strokeWidth: 1.5, color: '#4c78a8', opacity: 1 },
          encoding: {
            y,
            x: {
              field: 'ratio',
              type: 'quantitative',
              scale: { type: 'log', nice: false, padding: 12 },
              title: '× (paired, 95 % interval, log)',
            },
            fill: {
              condition: { test: "datum.verdict === 'significant'", value: '#4c78a8' },
              value: 'white',
            },
          },
        },
      ],
    },
  };
  return svgOf(spec);
}
