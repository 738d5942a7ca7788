/** What every compare chart shares: Vega-Lite → SVG here (no browser, no network), and a few conventions. */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { label, tableOrder } from '../roster.js';

/** The Vega-Lite schema every chart names. */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** `1 client`, `2 clients`: the legend's and the panels' words. */
export const clientsLabel = (c: number) => `${c} client${c === 1 ? '' : 's'}`;

/**
 * The name of a layer that draws 95 % intervals (or ranges): Vega writes it into the SVG as the
 * class `interval_…_marks`, which is how the browser test finds a ratio chart's error bars.
 */
export const intervalLayer = (what: string) => `interval_${what.replace(/[^a-z0-9]+/gi, '_')}`;

/** Axis and legend labels at full length: a server's name is never cut to "py-subinterpreters (p…". */
export const FULL_LABELS = 1000;

/**
 * The y axis of a chart with one row per server: the servers present, in table order, their
 * names in full (FULL_LABELS).
 */
export function serverAxis(present: readonly string[]) {
  const order = tableOrder()
    .map((v) => label(v))
    .filter((name) => present.includes(name));
  return {
    field: 'variant',
    type: 'nominal',
    sort: order,
    title: null,
    axis: { labelLimit: FULL_LABELS },
  } as const;
}

/** A server's name as the tables print it (a peer says its language): the charts' row and legend labels. */
export const rowName = (name: string) => {
  const variant = tableOrder().find((v) => v.name === name);
  return variant === undefined ? name : label(variant);
};

/** A panel of a side-by-side chart, and a layer of a panel (from the public spec type). */
export type Panel = Extract<vl.TopLevelSpec, { hconcat: unknown }>['hconcat'][number];
export type Layer = Extract<Panel, { layer: unknown }>['layer'][number];

/** A Vega-Lite spec as an SVG document, rendered here (no browser, no network). */
export async function svgOf(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}
