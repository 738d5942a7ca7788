/**
 * The map's sections of the report (issue 12): the sweep over n with its crossovers, scaling with
 * clients, and what a connection costs. The same rows serve Markdown, the terminal and the HTML.
 */
import type { Align, Table } from '../../render/table.js';
import { wrap } from '../../render/wrap.js';
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import { formatRatio } from '../../stats/index.js';
import type { ConnectionCost } from '../analyse/connection-cost.js';
import type { Crossover } from '../analyse/crossover.js';
import type { CellSummary } from '../analyse/summary.js';
import { label, tableOrder } from '../roster.js';
import { SCENARIOS, type ScenarioName } from '../scenarios.js';
import { cpuUsCell, int, latencyCell, type ReportStyle, ratio, rssCell, us } from './format.js';
import type { ReportSection } from './section.js';

/** What the map's sections are made from (the report's input has all of it). */
export interface MapInput {
  summaries: readonly CellSummary[];
  scenarios: readonly ScenarioName[];
  crossovers?: readonly Crossover[];
  connectionCosts?: readonly ConnectionCost[];
}

const served = (s: CellSummary | undefined) =>
  s === undefined ? '—' : s.notServed >= s.clients ? 'not served' : undefined;

/** The system Node's summaries of one scenario. */
const ofScenario = (input: MapInput, scenario: ScenarioName) =>
  input.summaries.filter((s) => s.scenario === scenario && s.runtime === SYSTEM_RUNTIME);

/** The terminal's rates fit 13 columns into 120: 14.2k instead of 14,213. */
const compactRate = (v: number, style: ReportStyle) =>
  style === 'terminal' && v >= 10_000 ? `${(v / 1000).toFixed(1)}k` : int(v);

const sorted = (values: Iterable<number>) => [...new Set(values)].sort((a, b) => a - b);

/**
 * A grid table: one row per variant (table order), one column per value of `column` (n or
 * clients), each cell the figure `show` draws from the summary there.
 */
function gridTable(
  cells: readonly CellSummary[],
  columns: readonly number[],
  columnTitle: (value: number) => string,
  pick: (s: CellSummary, value: number) => boolean,
  show: (s: CellSummary) => string,
): Table {
  const rows: string[][] = [];
  for (const variant of tableOrder()) {
    const mine = cells.filter((s) => s.variant === variant.name);
    if (mine.length === 0) continue;
    rows.push([
      label(variant),
      ...columns.map((value) => {
        const cell = mine.find((s) => pick(s, value));
        return served(cell) ?? show(cell as CellSummary);
      }),
    ]);
  }
  return {
    header: ['variant', ...columns.map(columnTitle)],
    rows,
    align: ['l', ...columns.map((): Align => 'r')],
  };
}

/** "native-async ahead from n=22; native-sync ahead up to n=19" (`short`: "a ahead from n=22; b …"). */
export function crossoverText(c: Crossover, short = false): string {
  const first = c.points[0]?.n;
  const last = c.points[c.points.length - 1]?.n;
  switch (c.verdict) {
    case 'unmeasured':
      return 'not measured (fewer than two sizes with pairs)';
    case 'none':
      return `no crossover: ${short ? 'a and b' : `${c.a} and ${c.b}`} not significantly apart at n=${last}`;
    default: {
      const [a, b] = short ? ['a', 'b'] : [c.a, c.b];
      const winner = c.verdict === 'ahead-from' ? a : b;
      const loser = c.verdict === 'ahead-from' ? b : a;
      const where = c.from === first ? 'at every n measured' : `from n=${c.from}`;
      return `${winner} ahead ${where}${c.otherAheadUntil === null ? '' : `; ${loser} ahead up to n=${c.otherAheadUntil}`}`;
    }
  }
}

function crossoverTable(crossovers: readonly Crossover[], style: ReportStyle): Table {
  const at = (c: Crossover, n: number | undefined) => c.points.find((p) => p.n === n)?.ratio ?? null;
  const rows = crossovers.map((c) => {
    const last = c.points[c.points.length - 1]?.n;
    return [
      `${c.a} ÷ ${c.b}`,
      String(c.clients),
      crossoverText(c, style === 'terminal'),
      c.at === null ? '—' : style === 'markdown' ? formatRatio(c.at) : ratio(c.at, style),
      ...(style === 'markdown' ? [`${ratio(at(c, last), style)} at n=${last}`, c.about] : []),
    ];
  });
  return {
    header:
      style === 'markdown'
        ? [
            'a ÷ b (req/s)',
            'clients',
            'crossover (95 % intervals excluding 1 at that n and every larger n)',
            'a ÷ b at the crossover',
            'a ÷ b at the largest n',
            'the question',
          ]
        : ['a ÷ b (req/s)', 'cl.', 'crossover', 'a ÷ b there'],
    rows,
    align: ['l', 'r', 'l', 'r', 'r', 'l'],
  };
}

function sweepSections(input: MapInput, style: ReportStyle): ReportSection[] {
  const cells = ofScenario(input, 'sweep');
  if (cells.length === 0) return [];
  const ns = sorted(cells.map((s) => s.n));
  const tables: ReportSection['tables'] = [];
  for (const clients of sorted(cells.map((s) => s.clients))) {
    const at = cells.filter((s) => s.clients === clients);
    const grid = (show: (s: CellSummary) => string) =>
      gridTable(
        at,
        ns,
        (n) => `n=${n}`,
        (s, n) => s.n === n,
        show,
      );
    const who = `${clients} client${clients === 1 ? '' : 's'}`;
    tables.push({
      caption: `req/s, ${who} (median of the rounds${style === 'terminal' ? '; k = thousand' : ''}):`,
      table: grid((s) => compactRate(s.reqPerSec.median, style)),
    });
    if (style === 'markdown') {
      tables.push({ caption: `closed-loop p99 ms, ${who}:`, table: grid((s) => latencyCell(s, s.p99Ms)) });
      tables.push({ caption: `server CPU µs per reply, ${who}:`, table: grid(cpuUsCell) });
    }
  }
  const sections: ReportSection[] = [
    { id: 'sweep', title: SCENARIOS.sweep.title, about: `${SCENARIOS.sweep.shows}.`, tables },
  ];
  if ((input.crossovers ?? []).length > 0) {
    sections.push({
      id: 'crossovers',
      title: 'Crossovers: from which n one side is ahead',
      about:
        'For each pair, the smallest n of the grid from which a ÷ b (req/s, paired by round) is significantly above 1 (a ahead) or below 1 (b ahead) at that n and at every larger n measured. Where the largest n is `~`, no crossover is claimed.',
      tables: [{ table: crossoverTable(input.crossovers ?? [], style) }],
    });
  }
  return sections;
}

function scalingSections(input: MapInput, style: ReportStyle): ReportSection[] {
  const cells = ofScenario(input, 'scaling');
  if (cells.length === 0) return [];
  const counts = sorted(cells.map((s) => s.clients));
  const tables: ReportSection['tables'] = [];
  for (const n of sorted(cells.map((s) => s.n))) {
    const at = cells.filter((s) => s.n === n);
    const grid = (show: (s: CellSummary) => string) =>
      gridTable(
        at,
        counts,
        (c) => `${c}`,
        (s, c) => s.clients === c,
        show,
      );
    const rates = grid((s) =>
      s.notServed > 0 && style === 'markdown'
        ? `${int(s.reqPerSec.median)} · ${s.notServed} not served`
        : s.notServed > 0
          ? `${int(s.reqPerSec.median)}*`
          : int(s.reqPerSec.median),
    );
    // Where the load generator could have been the ceiling, the reader sees it beside the rates.
    const generator = counts.map((c) => {
      const busiest = Math.max(0, ...at.filter((s) => s.clients === c).map((s) => s.clientCpuMax));
      return `${Math.round(busiest)} %`;
    });
    const rss = at.filter((s) => s.clients === counts[counts.length - 1]);
    tables.push({
      caption: `n=${n}: req/s by clients${style === 'terminal' ? ' (* = some clients not served)' : ''}, and the load generator's CPU (busiest slice, % of one core):`,
      table: {
        ...rates,
        rows: [...rates.rows, ['load generator CPU', ...generator]],
      },
    });
    tables.push({
      caption: `n=${n}: closed-loop p99 ms by clients:`,
      table: grid((s) => latencyCell(s, s.p99Ms)),
    });
    if (style === 'markdown' && rss.length > 0) {
      tables.push({
        caption: `n=${n}: peak RSS MiB by clients (a worker thread per connection shows here):`,
        table: grid(rssCell),
      });
    }
  }
  return [{ id: 'scaling', title: SCENARIOS.scaling.title, about: `${SCENARIOS.scaling.shows}.`, tables }];
}

function churnSections(input: MapInput, style: ReportStyle): ReportSection[] {
  const costs = (input.connectionCosts ?? []).filter((c) => c.runtime === SYSTEM_RUNTIME);
  if (costs.length === 0) return [];
  const order = tableOrder();
  const rows = order.flatMap((variant) => {
    const c = costs.find((x) => x.variant === variant.name);
    if (c === undefined) return [];
    const interval =
      c.serverCpuUsInterval === null
        ? ''
        : style === 'markdown'
          ? ` (${us(c.serverCpuUsInterval.low)}–${us(c.serverCpuUsInterval.high)})`
          : ` ±${us((c.serverCpuUsInterval.high - c.serverCpuUsInterval.low) / 2)}`;
    const unserved = c.notServed > 0;
    return [
      [
        label(variant),
        unserved ? 'not served' : int(c.churnReqPerSec),
        int(c.keepAliveReqPerSec),
        `${us(c.churnCpuUs)} / ${us(c.keepAliveCpuUs)}`,
        c.serverCpuUs === null
          ? '—'
          : `${c.cpuRatio?.significance === '~' ? '~ ' : ''}${us(c.serverCpuUs)}${interval}`,
        Number.isFinite(c.wallUs) ? us(c.wallUs) : '—',
      ],
    ];
  });
  return [
    {
      id: 'churn',
      title: SCENARIOS.churn.title,
      about: `${SCENARIOS.churn.shows}. The server CPU per connection is the paired ratio of CPU per reply (new ÷ kept-alive connection, per round) times the kept-alive figure, with its 95 % interval; the wall time is what one closed-loop client loses per connection (1 ÷ rate, new less kept-alive).`,
      tables: [
        {
          table: {
            header:
              style === 'markdown'
                ? [
                    'variant',
                    'req/s, new connection each',
                    'req/s, kept alive',
                    'server CPU µs/reply (new / kept)',
                    'server CPU µs per connection (95 %)',
                    'wall µs per connection',
                  ]
                : [
                    'variant',
                    'new conn. req/s',
                    'kept req/s',
                    'CPU µs/reply new/kept',
                    'CPU µs/conn.',
                    'wall µs/conn.',
                  ],
            rows,
            align: ['l', 'r', 'r', 'r', 'r', 'r'],
          },
        },
      ],
    },
  ];
}

/** The map's sections, in scenario order, for the scenarios the run measured. */
export function mapSections(input: MapInput, style: ReportStyle): ReportSection[] {
  const sections: ReportSection[] = [];
  for (const scenario of input.scenarios) {
    if (scenario === 'sweep') sections.push(...sweepSections(input, style));
    if (scenario === 'scaling') sections.push(...scalingSections(input, style));
    if (scenario === 'churn') sections.push(...churnSections(input, style));
  }
  return sections.map((s) => (style === 'terminal' ? { ...s, legend: wrap(s.legend ?? '', 118) } : s));
}
