/**
 * The hockey stick (Vega-Lite → SVG): each server's open-loop p99 against the load offered to it,
 * one line per model, Go and `answer` in colour and the rest muted, each knee a diamond. Left: the
 * offered load in req/s (where the fixed rates set the curves side by side); right: as a share of
 * the server's own capacity (where the knees line up).
 */
import type * as vl from 'vega-lite';
import { wrap } from '../../render/wrap.js';
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import { ANSWER_VARIANT } from '../../variants/registry.js';
import type { LatencyCurve } from '../analyse/latency.js';
import { GO_VARIANT } from '../analyse/summary.js';
import { tableOrder } from '../roster.js';
import { offeredKey } from '../scenarios.js';
import { svgOf } from './chart-kit.js';

/** The two servers the chart draws in colour; every other is grey. */
const HIGHLIGHT: Readonly<Record<string, string>> = { [GO_VARIANT]: '#0b7fab', [ANSWER_VARIANT]: '#d62728' };
const MUTED = '#a8a8a8';

/** The chart's data: one point per server and step with a p99; the knee flagged. */
export function latencyChartPoints(curves: readonly LatencyCurve[]) {
  return curves
    .filter((c) => c.runtime === SYSTEM_RUNTIME)
    .flatMap((curve) => {
      const knee = curve.knee === null ? undefined : curve.steps[curve.knee.index];
      return curve.steps
        .filter((s) => s.p99Ms !== null && s.p99Ms > 0 && s.notServedRounds < s.slices)
        .map((s, i, all) => ({
          variant: curve.variant,
          offered: s.targetRate,
          share: 'share' in s.offered ? s.offered.share * 100 : null,
          p99Ms: s.p99Ms as number,
          knee: knee !== undefined && offeredKey(knee.offered) === offeredKey(s.offered),
          last: i === all.length - 1,
          highlight: curve.variant in HIGHLIGHT ? 'highlight' : 'muted',
        }));
    });
}

/** The SVG, or undefined when the run had no ladder. */
export async function renderLatencyChart(
  curves: readonly LatencyCurve[] | undefined,
  title: string,
): Promise<string | undefined> {
  const values = latencyChartPoints(curves ?? []);
  if (values.length === 0) return undefined;
  const order = tableOrder()
    .map((v) => v.name)
    .filter((name) => values.some((p) => p.variant === name));
  const color = {
    field: 'variant',
    type: 'nominal' as const,
    sort: order,
    scale: { domain: order, range: order.map((name) => HIGHLIGHT[name] ?? MUTED) },
    title: null,
    legend: null,
  };
  const y = {
    field: 'p99Ms',
    type: 'quantitative' as const,
    scale: { type: 'log' as const },
    title: 'p99 ms (open loop, log)',
  };
  // Muted lines first, so the two in colour are drawn over them.
  const lines = (which: 'muted' | 'highlight', x: Record<string, unknown>) => ({
    transform: [{ filter: `datum.highlight === '${which}'` }],
    mark: {
      type: 'line' as const,
      point: { size: which === 'highlight' ? 24 : 12 },
      strokeWidth: which === 'highlight' ? 2.6 : 1.1,
      opacity: which === 'highlight' ? 1 : 0.8,
    },
    encoding: {
      x,
      y,
      color,
      order: { field: 'offered', type: 'quantitative' as const },
      detail: { field: 'variant' },
    },
  });
  const panel = (x: Record<string, unknown>, filter: string) => ({
    width: 420,
    height: 300,
    transform: [{ filter }],
    layer: [
      lines('muted', x),
      lines('highlight', x),
      {
        transform: [{ filter: 'datum.knee' }],
        mark: {
          type: 'point' as const,
          shape: 'diamond',
          size: 90,
          filled: true,
          stroke: 'black',
          strokeWidth: 0.6,
        },
        encoding: { x, y, color },
      },
      {
        // Only the lines in colour are named at their end: the grey ones' names collided there,
        // and the subtitle names them.
        transform: [{ filter: "datum.last && datum.highlight === 'highlight'" }],
        mark: { type: 'text' as const, align: 'left' as const, dx: 5, fontSize: 10 },
        encoding: { x, y, color, text: { field: 'variant' } },
      },
    ],
  });
  const grey = order.filter((name) => !(name in HIGHLIGHT));
  const spec: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: title,
      anchor: 'start',
      ...(grey.length === 0 ? {} : { subtitle: wrap(`In grey: ${grey.join(', ')}.`, 110).split('\n') }),
    },
    data: { values },
    hconcat: [
      panel(
        {
          field: 'offered',
          type: 'quantitative',
          scale: { type: 'log' },
          title: 'offered load, req/s (log)',
        },
        'true',
      ),
      panel(
        {
          field: 'share',
          type: 'quantitative',
          scale: { domain: [0, 100] },
          title: "offered load, % of the server's own capacity",
        },
        'datum.share !== null',
      ),
    ],
  };
  return svgOf(spec);
}
