/**
 * The compare report: tables in the seed's shape, one per scenario, then runtimes and warnings.
 * One set of rows, two styles: `markdown` (files and the README: every column, ranges as
 * min–max, the talk's own figures) and `terminal` (fits 120 columns: spread as ±%, no seed column).
 */

import type { Align, Table } from '../../render/table.js';
import { wrap } from '../../render/wrap.js';
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import { formatRatio, type RatioEstimate } from '../../stats/index.js';
import type { Variant } from '../../variants/registry.js';
import type { AnswerCell } from '../analyse/answer.js';
import type { ConnectionCost } from '../analyse/connection-cost.js';
import { wholeRatio } from '../analyse/cpu-whole.js';
import type { Crossover } from '../analyse/crossover.js';
import type { LatencyCurve } from '../analyse/latency.js';
import type { LoadHostUse } from '../analyse/load-hosts.js';
import { type PlacementNote, placementReason } from '../analyse/placement.js';
import type { HeadlineRatio, Side } from '../analyse/ratios.js';
import { type CellSummary, GO_VARIANT, type GroupSummary, REFERENCE_VARIANT } from '../analyse/summary.js';
import { label, tableOrder } from '../roster.js';
import { SCENARIOS, type ScenarioName } from '../scenarios.js';
import type { Unavailable } from '../types.js';
import type { UserVariant } from '../user-servers.js';
import { answerSection } from './answer-section.js';
import {
  cpuPctCell,
  cpuUsCell,
  int,
  latencyCell,
  loopLabel,
  ms,
  NO_PAIRS,
  na,
  type ReportStyle,
  rate,
  ratio,
  rssCell,
  WHOLE_MARK,
  wholeNote,
} from './format.js';
import { latencySection } from './latency-section.js';
import { mapSections } from './map-tables.js';
import { type ReportSection, renderSection } from './section.js';
import { SEED_FIGURES } from './seed-figures.js';

export type { ReportStyle } from './format.js';

/** Everything the tables are made from. */
export interface ReportInput {
  summaries: CellSummary[];
  unavailable: Unavailable[];
  scenarios: ScenarioName[];
  clientCounts: number[];
  runtimes: string[];
  /** Column titles of the runtimes, e.g. `bun 1.4.5` (Markdown style). */
  runtimeLabels?: Record<string, string>;
  /** Cores ÷ the addon's own in-process fib(LONG_N) time: the ceiling of the heavy table. */
  nativeLimitReqPerSec?: number;
  /** The headline ratios, shown first. */
  headlineRatios?: HeadlineRatio[];
  /** fiblab's answer beside Go and the best seed row (runs that measured it). */
  answer?: AnswerCell[];
  /** The sweep's crossovers (map runs). */
  crossovers?: Crossover[];
  /** Churn's cost per connection (map runs). */
  connectionCosts?: ConnectionCost[];
  /** --latency: each server's latency–throughput curve. */
  latency?: LatencyCurve[];
  /** --load-host: each load host's part of the run. */
  loadHosts?: LoadHostUse[];
}

/** The scenarios of the seed's tables (the map's have their own sections, map-tables.ts). */
const SEED_SCENARIOS: readonly ScenarioName[] = ['io', 'cpu', 'heavy', 'mixed'];

function rateCell(cell: CellSummary | undefined, style: ReportStyle): string {
  if (cell === undefined) return na('not measured');
  if (cell.notServed >= cell.clients) return 'not served';
  const served = rate(cell.reqPerSec, style);
  if (cell.notServed === 0) return served;
  return style === 'markdown'
    ? `${served} · ${cell.notServed} of ${cell.clients} not served`
    : `${served} · ${cell.notServed}/${cell.clients} unserved`;
}

function seedCell(variant: Variant | UserVariant, scenario: ScenarioName): string {
  if (variant.seedRow === undefined || (scenario !== 'io' && scenario !== 'cpu')) return '';
  const seed = SEED_FIGURES[scenario][variant.seedRow];
  const one = seed.oneClient === 'n/a' ? 'n/a' : int(seed.oneClient);
  const two =
    seed.twoClients === 'n/a' ? 'n/a' : seed.twoClients === null ? 'not served' : int(seed.twoClients);
  return `${variant.seedRow}: ${one} / ${two}`;
}

const find = (
  input: ReportInput,
  variant: string,
  runtime: string,
  scenario: ScenarioName,
  clients?: number,
) =>
  input.summaries.find(
    (s) =>
      s.transport === undefined &&
      s.variant === variant &&
      s.runtime === runtime &&
      s.scenario === scenario &&
      (clients === undefined || s.clients === clients),
  );
const goneOf = (input: ReportInput, variant: string, runtime: string) =>
  input.unavailable.find((u) => u.variant === variant && u.runtime === runtime);
const why = (reason: string) => (reason.startsWith('failed:') ? reason : `not available: ${reason}`);

/** Why a cell's paired ratio to `variant` is missing: no such cell, clients unserved, or too few rounds. */
function ratioReason(input: ReportInput, cell: CellSummary | undefined, variant: string): string {
  if (cell === undefined) return 'not measured';
  if (find(input, variant, cell.runtime, cell.scenario, cell.clients) === undefined)
    return `no ${variant} here`;
  return cell.notServed > 0 ? 'unserved' : NO_PAIRS;
}

function rateTable(input: ReportInput, scenario: ScenarioName, style: ReportStyle): Table {
  const counts = SCENARIOS[scenario].cells(input.clientCounts).map((c) => c.clients);
  const last = counts[counts.length - 1] as number;
  const withSeed = style === 'markdown';
  // The terminal's headers are short so the table fits 120 columns; the legend says the rest.
  const header =
    style === 'markdown'
      ? [
          'variant',
          ...counts.map((c) => `${c} client${c === 1 ? '' : 's'} req/s`),
          `× ${REFERENCE_VARIANT} (${last} cl.)`,
          `× Go (${last} cl.)`,
          `closed-loop p99 ms (${counts.join(' / ')} cl.)`,
          `server CPU µs/reply (${last} cl.)`,
          'peak RSS MiB',
          'seed (Python, talk’s machine) 1 / 2 cl.',
        ]
      : [
          'variant',
          ...counts.map((c) => `${c} cl. req/s`),
          `× ${REFERENCE_VARIANT}`,
          '× Go',
          'closed p99',
          'µs/reply',
          'RSS',
        ];
  const rows: string[][] = [];
  for (const variant of tableOrder()) {
    const gone = goneOf(input, variant.name, SYSTEM_RUNTIME);
    const cells = counts.map((c) => find(input, variant.name, SYSTEM_RUNTIME, scenario, c));
    if (gone !== undefined) {
      rows.push([
        label(variant),
        why(gone.reason),
        ...Array(header.length - (withSeed ? 3 : 2)).fill(''),
        ...(withSeed ? [seedCell(variant, scenario)] : []),
      ]);
      continue;
    }
    if (cells.every((c) => c === undefined)) continue;
    const lastCell = cells[cells.length - 1];
    rows.push([
      label(variant),
      ...cells.map((c) => rateCell(c, style)),
      variant.name === REFERENCE_VARIANT
        ? '1'
        : ratio(lastCell?.vsEventLoop ?? null, style, ratioReason(input, lastCell, REFERENCE_VARIANT)),
      variant.name === GO_VARIANT
        ? '1'
        : ratio(lastCell?.vsGo ?? null, style, ratioReason(input, lastCell, GO_VARIANT)),
      style === 'markdown'
        ? cells.map((c) => latencyCell(c, c?.p99Ms)).join(' / ')
        : latencyCell(lastCell, lastCell?.p99Ms),
      cpuUsCell(lastCell),
      rssCell(lastCell),
      ...(withSeed ? [seedCell(variant, scenario)] : []),
    ]);
  }
  const align: Align[] = ['l', ...counts.map((): Align => 'r'), 'r', 'r', 'r', 'r', 'r', 'l'];
  return leadWithCpuWherePlacementBound(input, scenario, counts, { header, rows, align });
}

/** The mark of a req/s (and its ratios) that measures thread placement; the section's footnote says why. */
const PLACEMENT_MARK = '†';

/** The placement note of a cell (scenario × clients) and its n, if its req/s is placement-bound. */
function placementCell(
  input: ReportInput,
  scenario: ScenarioName,
  clients: number,
): (PlacementNote & { n: number }) | undefined {
  const cell = input.summaries.find((s) => s.scenario === scenario && s.clients === clients && s.placement);
  return cell?.placement === undefined ? undefined : { ...cell.placement, n: cell.n };
}

/**
 * A rate table whose cells are placement-bound: those req/s headers (and the ratios', when the
 * last count is one) marked, and the server CPU per reply moved to the front when it is the
 * figure that ranks (the last count's).
 */
function leadWithCpuWherePlacementBound(
  input: ReportInput,
  scenario: ScenarioName,
  counts: readonly number[],
  table: Table,
): Table {
  const bound = counts.map((c) => placementCell(input, scenario, c) !== undefined);
  if (!bound.some(Boolean)) return table;
  const mark = (title: string) => `${title} ${PLACEMENT_MARK}`;
  const header = table.header.map((title, i) =>
    (i >= 1 && i <= counts.length && bound[i - 1]) ||
    ((i === counts.length + 1 || i === counts.length + 2) && bound[counts.length - 1])
      ? mark(title)
      : title,
  );
  if (!bound[counts.length - 1]) return { ...table, header };
  const cpu = counts.length + 4; // variant, the rates, × event-loop, × Go, p99, then µs/reply
  const lead = <T>(cells: readonly T[]): T[] => [
    cells[0] as T,
    cells[cpu] as T,
    ...cells.slice(1, cpu),
    ...cells.slice(cpu + 1),
  ];
  return { header: lead(header), rows: table.rows.map(lead), align: lead(table.align ?? []) };
}

/** The footnote of a section with placement-bound cells: one sentence per n, each cell once. */
function placementFootnote(
  input: ReportInput,
  cells: ReadonlyArray<{ scenario: ScenarioName; clients: number }>,
): string {
  const byN = new Map<number, Array<PlacementNote & { clients: number }>>();
  for (const { scenario, clients } of cells) {
    const note = placementCell(input, scenario, clients);
    if (note === undefined) continue;
    const same = byN.get(note.n) ?? [];
    if (!same.some((c) => c.clients === clients)) same.push({ ...note, clients });
    byN.set(note.n, same);
  }
  return [...byN]
    .map(
      ([n, notes]) =>
        `${PLACEMENT_MARK} ${placementReason(
          n,
          notes.sort((a, b) => a.clients - b.clients),
        )}`,
    )
    .join(' ');
}

/** The loop of the mixed scenario's I/O client in this run's cells (every mixed cell has the same). */
const mixedLoop = (input: ReportInput) =>
  input.summaries.find((s) => s.scenario === 'mixed' && s.transport === undefined)?.offered;

function mixedTable(input: ReportInput, style: ReportStyle): Table {
  const offered = mixedLoop(input);
  const loop = offered === undefined ? 'closed' : 'open';
  const header =
    style === 'markdown'
      ? [
          'variant',
          `I/O client p50 ms (${loop} loop)`,
          `I/O client p99 ms (${loop} loop)`,
          offered === undefined ? 'I/O client req/s' : 'I/O client req/s served',
          'CPU client req/s',
          'server CPU %',
        ]
      : ['variant', `I/O p50 (${loop})`, `I/O p99 (${loop})`, 'I/O req/s', 'CPU req/s', 'CPU %'];
  const rows: string[][] = [];
  for (const variant of tableOrder()) {
    const cell = find(input, variant.name, SYSTEM_RUNTIME, 'mixed');
    const gone = goneOf(input, variant.name, SYSTEM_RUNTIME);
    if (gone !== undefined) rows.push([label(variant), why(gone.reason), '', '', '', '']);
    if (cell === undefined) continue;
    const [cpu, io] = cell.groups;
    const never = (g: GroupSummary | undefined) => g === undefined || g.notServedRounds === cell.rounds;
    // A one-at-a-time server serves whichever client connected first: say how often each was.
    const groupRate = (g: GroupSummary | undefined) =>
      g === undefined || never(g)
        ? 'not served'
        : g.notServedRounds > 0
          ? style === 'markdown'
            ? `${rate(g.reqPerSec, style)} · not served in ${g.notServedRounds} of ${cell.rounds} rounds`
            : `${rate(g.reqPerSec, style)} · unserved ${g.notServedRounds}/${cell.rounds}`
          : rate(g.reqPerSec, style);
    rows.push([
      label(variant),
      never(io) ? 'not served' : latencyCell(cell, io?.p50Ms),
      never(io) ? 'not served' : latencyCell(cell, io?.p99Ms),
      groupRate(io),
      groupRate(cpu),
      cpuPctCell(cell),
    ]);
  }
  return { header, rows, align: ['l', 'r', 'r', 'r', 'r', 'r'] };
}

/** The measures the runtime table compares (the story cells). */
const RUNTIME_MEASURES: ReadonlyArray<{
  label: string;
  scenario: ScenarioName;
  clients: number;
  value: (c: CellSummary) => number | null;
  unit: 'rate' | 'ms';
}> = [
  {
    label: 'I/O n=1, 1 client, req/s',
    scenario: 'io',
    clients: 1,
    value: (c) => c.reqPerSec.median,
    unit: 'rate',
  },
  {
    label: 'CPU n=22, 2 clients, req/s',
    scenario: 'cpu',
    clients: 2,
    value: (c) => c.reqPerSec.median,
    unit: 'rate',
  },
  {
    label: 'mixed: I/O client p99 ms',
    scenario: 'mixed',
    clients: 2,
    value: (c) => c.groups[1]?.p99Ms ?? null,
    unit: 'ms',
  },
];

/** The runtime comparison: the same variants and cells on every runtime, × the system Node. */
function runtimeTable(input: ReportInput, style: ReportStyle): Table {
  const others = input.runtimes.filter((r) => r !== SYSTEM_RUNTIME);
  const rows: string[][] = [];
  for (const variant of tableOrder()) {
    if (
      !others.some((runtime) =>
        input.summaries.some((s) => s.variant === variant.name && s.runtime === runtime),
      )
    )
      continue;
    for (const m of RUNTIME_MEASURES) {
      const cells = input.runtimes.map((runtime) => {
        const gone = goneOf(input, variant.name, runtime);
        if (gone !== undefined)
          return style === 'markdown'
            ? why(gone.reason)
            : gone.reason.startsWith('failed:')
              ? 'failed'
              : 'n/a';
        const cell = find(input, variant.name, runtime, m.scenario, m.clients);
        const value = cell === undefined ? null : m.value(cell);
        if (value === null) return cell === undefined ? na('not measured') : 'not served';
        // Rates carry their paired ratio to the system Node; a p99 is shown as it is.
        if (m.unit === 'ms') return ms(value);
        return runtime === SYSTEM_RUNTIME || cell?.vsSystemNode == null
          ? int(value)
          : `${int(value)} (${ratio(cell.vsSystemNode, style)})`;
      });
      const loop = m.scenario === 'mixed' ? ` (${loopLabel(mixedLoop(input))})` : '';
      rows.push([variant.name, `${m.label}${loop}`, ...cells]);
    }
  }
  const titles = input.runtimes.map((r) => (style === 'markdown' ? (input.runtimeLabels?.[r] ?? r) : r));
  return {
    header: ['variant', 'measure', ...titles],
    rows,
    align: ['l', 'l', ...input.runtimes.map((): Align => 'r')],
  };
}

/**
 * A CPU-per-reply ratio a ÷ b: paired over rounds; where the sampler was too coarse for a slice,
 * the ratio of the two cells' whole-time figures (‡, its interval from their bounds); else n/a
 * with the reason.
 */
function cpuRatioCell(
  paired: RatioEstimate | null | undefined,
  a: CellSummary | undefined,
  b: CellSummary | undefined,
  style: ReportStyle,
): string {
  if (paired != null) return style === 'markdown' ? formatRatio(paired) : ratio(paired, style);
  if (a?.cpuWhole !== undefined && b?.cpuWhole !== undefined)
    return `${formatRatio(wholeRatio(a.cpuWhole, b.cpuWhole))} ${WHOLE_MARK}`;
  return na(a?.na?.cpu ?? b?.na?.cpu ?? NO_PAIRS);
}

/** The cell of a side of a ratio. */
const cellOf = (input: ReportInput, s: Side) => find(input, s.variant, s.runtime, s.scenario, s.clients);

function headlineTable(input: ReportInput, ratios: readonly HeadlineRatio[], style: ReportStyle): Table {
  const verdict = (h: HeadlineRatio) =>
    h.ratio === null
      ? 'not measured'
      : placementCell(input, h.a.scenario, h.a.clients) !== undefined
        ? `placement-bound ${PLACEMENT_MARK}`
        : h.ratio.significance === '~'
          ? '~ (no significant difference)'
          : h.ratio.significance === 'higher'
            ? 'higher'
            : 'lower';
  return {
    header: [
      'ratio',
      style === 'markdown' ? 'req/s ratio (95 % interval)' : 'req/s ratio',
      '±',
      'verdict',
      style === 'markdown' ? 'server CPU per reply, ratio' : 'CPU/reply ratio',
      'pairs',
    ],
    rows: ratios.map((h) => [
      h.label,
      style === 'markdown' && h.ratio !== null ? formatRatio(h.ratio) : ratio(h.ratio, style),
      h.halfWidth === undefined ? na(NO_PAIRS) : `${(h.halfWidth * 100).toFixed(1)} %`,
      verdict(h),
      cpuRatioCell(h.cpuPerReply, cellOf(input, h.a), cellOf(input, h.b), style),
      h.ratio === null ? '0' : String(h.ratio.pairs),
    ]),
    align: ['l', 'r', 'r', 'l', 'r', 'r'],
  };
}

/** The sections of the seed's tables: the headline ratios, one per seed scenario, the runtimes. */
export function seedSections(input: ReportInput, style: ReportStyle): ReportSection[] {
  const sections: ReportSection[] = [];
  if ((input.headlineRatios ?? []).length > 0) {
    sections.push({
      id: 'headline',
      title: 'Headline ratios',
      about: [
        'Each ratio is paired: the two sides were measured seconds apart in every round, and the ratio is the geometric mean over rounds with its 95 % interval (a t-interval on the log ratios). `~` marks an interval that holds 1: no difference this run can show. The CPU-per-reply ratio (below 1: the first side spends less server CPU per answer) is the steadier one on a busy machine.',
        placementFootnote(
          input,
          (input.headlineRatios ?? []).map((h) => h.a),
        ),
        wholeNote(
          (input.headlineRatios ?? []).flatMap((h) =>
            [h.a, h.b].flatMap((s) => find(input, s.variant, s.runtime, s.scenario, s.clients) ?? []),
          ),
        ),
      ]
        .filter(Boolean)
        .join(' '),
      tables: [{ table: headlineTable(input, input.headlineRatios ?? [], style) }],
    });
  }
  const answer = answerSection(input.answer ?? [], style);
  if (answer !== undefined) sections.push(answer);
  for (const scenario of input.scenarios.filter((s) => SEED_SCENARIOS.includes(s))) {
    const { title, shows } = SCENARIOS[scenario];
    let about = `${shows}.`;
    if (scenario === 'mixed') {
      const offered = mixedLoop(input);
      about +=
        offered === undefined
          ? ' The I/O client runs a closed loop (each request sent on the last reply): while the server stalls it stops sending, so its p99 counts a stall once.'
          : ` The I/O client runs an open loop (${loopLabel(offered).replace('open loop, ', '')} on a fixed schedule): its latency runs from the moment each request was due, so a stall counts for every request it delays.`;
    } else {
      const counts = SCENARIOS[scenario].cells(input.clientCounts).map((c) => c.clients);
      const footnote = placementFootnote(
        input,
        counts.map((clients) => ({ scenario, clients })),
      );
      if (footnote !== '') about += ` ${footnote}`;
    }
    if (scenario === 'heavy' && input.nativeLimitReqPerSec !== undefined) {
      about += ` Ceiling for compiled code: cores ÷ the addon's own in-process fib(30) time = ${int(input.nativeLimitReqPerSec)} req/s.`;
    }
    const whole = wholeNote(
      input.summaries.filter((s) => s.scenario === scenario && s.transport === undefined),
    );
    if (whole !== '') about += ` ${whole}`;
    const table = scenario === 'mixed' ? mixedTable(input, style) : rateTable(input, scenario, style);
    const legend =
      style === 'terminal' && scenario !== 'mixed'
        ? `\n(req/s: median of the rounds, ± half their range. × ${REFERENCE_VARIANT}, × Go, closed-loop p99 ms, server CPU µs per reply and peak RSS MiB at the largest client count; × is a paired ratio, ± half its 95 % interval, ~ where that holds 1; n/a (why) where a figure could not be had)`
        : '';
    sections.push({ id: scenario, title, about, tables: [{ table }], legend: wrap(legend, 118) });
  }
  return sections;
}

/** The runtime section, when more than one runtime ran. */
function runtimeSections(input: ReportInput, style: ReportStyle): ReportSection[] {
  if (input.runtimes.length <= 1) return [];
  return [
    {
      id: 'runtimes',
      title: `Runtimes: the same servers on ${input.runtimes.join(', ')}`,
      about:
        "Medians of the rounds; (×) is the paired ratio to the system Node's figure with its 95 % interval, ~ where it holds 1. The load generator runs on the system Node throughout.",
      tables: [{ table: runtimeTable(input, style) }],
    },
  ];
}

/** Every section of the report: the seed's tables, the map's, the runtimes, the warnings. */
export function reportSections(
  input: ReportInput,
  warnings: readonly string[],
  style: ReportStyle = 'markdown',
): ReportSection[] {
  const latency = latencySection(input.latency, style);
  return [
    ...seedSections(input, style),
    ...(latency === undefined ? [] : [latency]),
    ...mapSections(input, style),
    ...transportSections(input, style),
    ...runtimeSections(input, style),
    ...loadHostSections(input),
    {
      id: 'warnings',
      title: 'Warnings',
      about: '',
      tables: [],
      bullets: { items: [...warnings], empty: 'none' },
    },
  ];
}

/** --load-host: each host's clients and its generator's CPU, the figure that says whether a host ran short. */
function loadHostSections(input: ReportInput): ReportSection[] {
  const hosts = input.loadHosts ?? [];
  if (hosts.length === 0) return [];
  const pct = (v: number) => `${Math.round(v)} %`;
  return [
    {
      id: 'load-hosts',
      title: 'Load hosts',
      about:
        "The load came from these machines, each running its share of every slice's clients from one agreed start. Generator CPU is % of one core over a slice's window: the median and the highest slice (a host near 100 % per worker thread measures itself, and the warnings name such slices).",
      tables: [
        {
          table: {
            header: [
              'load host',
              'clients (most)',
              'worker threads',
              'generator CPU median',
              'highest',
              'slices',
            ],
            rows: hosts.map((h) => [
              h.host,
              String(h.clients),
              String(h.workers),
              pct(h.cpuMedianPct),
              pct(h.cpuMaxPct),
              String(h.slices),
            ]),
            align: ['l', 'r', 'r', 'r', 'r', 'r'],
          },
        },
      ],
    },
  ];
}

/** `--transport both`: the same servers over HTTP beside the line protocol, paired in the same rounds. */
function transportSections(input: ReportInput, style: ReportStyle): ReportSection[] {
  const overHttp = input.summaries.filter((s) => s.vsTcp !== undefined);
  if (overHttp.length === 0) return [];
  return [
    {
      id: 'transport',
      title: 'TCP vs HTTP: what HTTP costs each model',
      about:
        'The system Node’s servers over HTTP/1.1 keep-alive (GET /fib/N) beside the same servers over the line protocol, measured in the same rounds. HTTP ÷ TCP is the paired ratio of req/s, and of server CPU µs per reply: what parsing and framing HTTP costs each model (~ where the interval holds 1).' +
        (wholeNote(input.summaries) === '' ? '' : ` ${wholeNote(input.summaries)}`),
      tables: [{ table: transportTable(input, overHttp, style) }],
    },
  ];
}

/** One row per server and cell measured over both transports (the `--transport both` table). */
function transportTable(input: ReportInput, overHttp: readonly CellSummary[], style: ReportStyle): Table {
  const header =
    style === 'markdown'
      ? [
          'variant',
          'cell',
          'TCP req/s',
          'HTTP req/s',
          'HTTP ÷ TCP req/s',
          'TCP µs/reply',
          'HTTP µs/reply',
          'HTTP ÷ TCP µs/reply',
        ]
      : ['variant', 'cell', 'TCP req/s', 'HTTP req/s', 'HTTP÷TCP', 'TCP µs', 'HTTP µs', 'HTTP÷TCP µs'];
  const rows: string[][] = [];
  for (const variant of tableOrder()) {
    for (const http of overHttp.filter((s) => s.variant === variant.name)) {
      const tcp = find(input, http.variant, http.runtime, http.scenario, http.clients);
      rows.push([
        label(variant),
        `${http.scenario} ${http.clients} cl.`,
        rateCell(tcp, style),
        rateCell(http, style),
        ratio(http.vsTcp?.reqPerSec ?? null, style),
        cpuUsCell(tcp),
        cpuUsCell(http),
        cpuRatioCell(http.vsTcp?.cpuUsPerReply, http, tcp, style),
      ]);
    }
  }
  return { header, rows, align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'] };
}

/** The report: the headline ratios, one section per scenario, the runtimes, then the warnings. */
export function renderReport(
  input: ReportInput,
  warnings: readonly string[],
  style: ReportStyle = 'markdown',
): string {
  return reportSections(input, warnings, style)
    .map((section) => renderSection(section, style))
    .join('\n\n');
}
