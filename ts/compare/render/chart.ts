/**
 * The seed's rate tables as one chart of small multiples (the Markdown's and the README's SVG, and
 * the HTML report's first figure): one panel per table listing only the servers that ran it, bars
 * with the rounds' range, "not served" and "not available" as words of their own, never over a bar.
 */
import type * as vl from 'vega-lite';
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import { findVariant } from '../../variants/registry.js';
import type { CellSummary } from '../analyse/summary.js';
import { SCENARIOS, type ScenarioName } from '../scenarios.js';
import type { Unavailable } from '../types.js';
import {
  clientsLabel,
  intervalLayer,
  type Layer,
  type Panel,
  rowName,
  SCHEMA,
  serverAxis,
  svgOf,
} from './chart-kit.js';

/** The seed's rate tables, one panel each. */
const RATE_SCENARIOS: readonly ScenarioName[] = ['io', 'cpu', 'heavy'];

/** Whether `summaries` hold anything the chart draws. */
export const hasRateCells = (summaries: readonly CellSummary[]) =>
  summaries.some((s) => RATE_SCENARIOS.includes(s.scenario));

/** Colours of 1 and 2 clients (and more), the same in every panel. */
const CLIENT_COLOURS = ['#4c78a8', '#f58518', '#54a24b', '#b279a2'];

interface SeedRow {
  kind: 'rate' | 'none' | 'missing';
  variant: string;
  clients: string;
  reqPerSec: number | null;
  min: number | null;
  max: number | null;
  note: string;
}

/** One panel: the servers that ran `scenario`, bars with the rounds' range, the unserved and the unavailable in words. */
function seedPanel(
  scenario: ScenarioName,
  cells: readonly CellSummary[],
  missing: readonly string[],
  clientDomain: readonly string[],
): Panel | undefined {
  const mine = cells.filter((s) => s.scenario === scenario);
  if (mine.length === 0) return undefined;
  const rows: SeedRow[] = mine.map((s) => {
    const none = s.notServed >= s.clients;
    return {
      kind: none ? 'none' : 'rate',
      variant: rowName(s.variant),
      clients: clientsLabel(s.clients),
      reqPerSec: none ? null : s.reqPerSec.median,
      min: none ? null : s.reqPerSec.min,
      max: none ? null : s.reqPerSec.max,
      note: none ? '✕ not served' : s.notServed > 0 ? `${s.notServed} of ${s.clients} not served` : '',
    };
  });
  const scenarioSpec = SCENARIOS[scenario];
  for (const name of missing) {
    const variant = findVariant(name);
    if (variant !== undefined && scenarioSpec.includes !== undefined && !scenarioSpec.includes(variant))
      continue;
    const clients = rows[0]?.clients ?? clientsLabel(1);
    rows.push({
      kind: 'missing',
      variant: rowName(name),
      clients,
      reqPerSec: null,
      min: null,
      max: null,
      note: 'not available',
    });
  }
  const y = serverAxis(rows.map((r) => r.variant));
  const yOffset = { field: 'clients', type: 'nominal', sort: [...clientDomain] } as const;
  const words = (kind: SeedRow['kind'], colour: string): Layer => ({
    transform: [{ filter: `datum.kind === '${kind}'` }],
    mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, fontStyle: 'italic', color: colour },
    encoding: { y, yOffset, x: { datum: 0 }, text: { field: 'note' } },
  });
  return {
    title: { text: scenarioSpec.title, anchor: 'start', fontSize: 12 },
    data: { values: rows },
    width: 180,
    height: { step: 10 },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'rate'" }],
        mark: { type: 'bar', height: { band: 0.9 } },
        encoding: {
          y,
          yOffset,
          x: { field: 'reqPerSec', type: 'quantitative', title: 'req/s (median of the rounds)' },
          color: {
            field: 'clients',
            type: 'nominal',
            title: null,
            scale: { domain: [...clientDomain], range: CLIENT_COLOURS.slice(0, clientDomain.length) },
          },
        },
      },
      {
        // The range of the rounds: how far one round's figure may be from the median.
        name: intervalLayer(`range ${scenario}`),
        transform: [{ filter: "datum.kind === 'rate'" }],
        mark: { type: 'rule', color: '#222', strokeWidth: 1 },
        encoding: { y, yOffset, x: { field: 'min', type: 'quantitative' }, x2: { field: 'max' } },
      },
      {
        // Some clients not served: the bar is the served ones' rate; the words stand after its range.
        transform: [{ filter: "datum.kind === 'rate' && datum.note !== ''" }],
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 9, fontStyle: 'italic', color: '#b22' },
        encoding: { y, yOffset, x: { field: 'max', type: 'quantitative' }, text: { field: 'note' } },
      },
      words('none', '#b22'),
      words('missing', '#888'),
    ],
  };
}

/**
 * req/s per server in the seed's rate tables, one small panel per table: each panel lists only
 * the servers that ran it, a whisker spans the rounds' range, a cell nobody was served in says
 * "✕ not served" where the bar would start, and a server that could not run says "not available".
 */
export async function renderChart(
  summaries: readonly CellSummary[],
  title?: string,
  unavailable: readonly Unavailable[] = [],
): Promise<string | undefined> {
  const cells = summaries.filter(
    (s) => RATE_SCENARIOS.includes(s.scenario) && s.runtime === SYSTEM_RUNTIME && s.transport === undefined,
  );
  if (cells.length === 0) return undefined;
  const missing = [...new Set(unavailable.filter((u) => u.runtime === SYSTEM_RUNTIME).map((u) => u.variant))];
  const clientDomain = [...new Set(cells.map((s) => s.clients))].sort((a, b) => a - b).map(clientsLabel);
  const panels = RATE_SCENARIOS.map((scenario) => seedPanel(scenario, cells, missing, clientDomain)).filter(
    (p): p is Panel => p !== undefined,
  );
  const spec: vl.TopLevelSpec = {
    $schema: SCHEMA,
    ...(title === undefined ? {} : { title: { text: title, anchor: 'start' as const } }),
    hconcat: panels,
    spacing: 16,
    resolve: { scale: { color: 'shared', x: 'independent', y: 'independent' } },
    config: { legend: { orient: 'top', labelFontSize: 11 }, axis: { labelFontSize: 10 } },
  };
  return svgOf(spec);
}
