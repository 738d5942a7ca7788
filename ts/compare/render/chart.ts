/** The compare chart: req/s per variant, one panel per scenario, 1 vs 2 clients; Vega-Lite → SVG. */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import type { CellSummary } from '../analyse/summary.js';
import { SCENARIOS } from '../scenarios.js';

/** The Vega-Lite schema every chart names. */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** `1 client`, `2 clients`: the legend's and the panels' words. */
export const clientsLabel = (c: number) => `${c} client${c === 1 ? '' : 's'}`;

/**
 * The name of a layer that draws 95 % intervals (or ranges): Vega writes it into the SVG as the
 * class `interval_…_marks`, which is how the browser test finds a ratio chart's error bars.
 */
export const intervalLayer = (what: string) => `interval_${what.replace(/[^a-z0-9]+/gi, '_')}`;

/** Axis labels at full length: a server's name is never cut to "py-subinterpreters (p…". */
export const FULL_LABELS = 1000;

/** A Vega-Lite spec as an SVG document, rendered here (no browser, no network). */
export async function svgOf(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}

/** The seed's rate scenarios, the bar chart's panels (mixed has its own table; the map has its charts). */
const RATE_SCENARIOS: readonly string[] = ['io', 'cpu', 'heavy'];

/** Whether `summaries` hold anything the bar chart draws. */
export const hasRateCells = (summaries: readonly CellSummary[]) =>
  summaries.some((s) => RATE_SCENARIOS.includes(s.scenario));

/** Renders the rate scenarios of `summaries` (mixed has its own table) as an SVG document. */
export async function renderChart(summaries: readonly CellSummary[], title: string): Promise<string> {
  const values = summaries
    .filter((s) => RATE_SCENARIOS.includes(s.scenario))
    .map((s) => ({
      scenario: SCENARIOS[s.scenario].title,
      variant: s.runtime === SYSTEM_RUNTIME ? s.variant : `${s.variant} · ${s.runtime}`,
      clients: `${s.clients} client${s.clients === 1 ? '' : 's'}`,
      reqPerSec: s.notServed >= s.clients ? 0 : s.reqPerSec.median,
      min: s.reqPerSec.min,
      max: s.reqPerSec.max,
    }));
  const spec: vl.TopLevelSpec = {
    $schema: SCHEMA,
    title: { text: title, anchor: 'start' },
    data: { values },
    // Each panel's title above it, level, not turned into the left margin.
    facet: {
      row: {
        field: 'scenario',
        type: 'nominal',
        title: null,
        sort: null,
        header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold' },
      },
    },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 520,
      layer: [
        {
          mark: 'bar',
          encoding: {
            y: {
              field: 'variant',
              type: 'nominal',
              sort: null,
              title: null,
              axis: { labelLimit: FULL_LABELS },
            },
            yOffset: { field: 'clients' },
            x: {
              field: 'reqPerSec',
              type: 'quantitative',
              title: 'req/s (median of the rounds; line: their range)',
            },
            color: { field: 'clients', type: 'nominal', title: null },
          },
        },
        {
          name: intervalLayer('range'),
          mark: { type: 'rule', color: 'black' },
          encoding: {
            y: { field: 'variant', type: 'nominal', sort: null },
            yOffset: { field: 'clients' },
            x: { field: 'min', type: 'quantitative' },
            x2: { field: 'max' },
          },
        },
      ],
    },
  };
  return svgOf(spec);
}
