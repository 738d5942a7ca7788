/** The compare report: tables in the seed's shape, one per scenario, plus warnings. */
import { VARIANTS, type Variant } from '../server/variants.js';
import { markdownTable } from './markdown.js';
import type { MeasurementRecord } from './measure.js';
import { SCENARIOS, type ScenarioName } from './scenarios.js';
import { SEED_FIGURES } from './seed-figures.js';
import { type CellSummary, type GroupSummary, REFERENCE_VARIANT, type Spread } from './summary.js';

/** A variant that could not be measured, and why. */
export interface Unavailable {
  variant: string;
  runtime: string;
  reason: string;
}

/** Everything the tables are made from. */
export interface ReportInput {
  summaries: CellSummary[];
  unavailable: Unavailable[];
  scenarios: ScenarioName[];
  clientCounts: number[];
  runtimes: string[];
  /** Column titles of the runtimes, e.g. `bun 1.4.5`. */
  runtimeLabels?: Record<string, string>;
  /** Cores ÷ the addon's own in-process fib(LONG_N) time: the ceiling of the heavy table. */
  nativeLimitReqPerSec?: number;
}

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const ms = (v: number | null) =>
  v === null ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
const rate = (s: Spread) =>
  s.max - s.min < 0.5 ? int(s.median) : `${int(s.median)} (${int(s.min)}–${int(s.max)})`;
const ratio = (s: Spread | null) =>
  s === null ? '—' : `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;

/** The runtime of the seed-shaped tables: the Node.js running fiblab. */
const SYSTEM_RUNTIME = 'node';

/** Registry order, each peer right after its TypeScript counterpart. */
export function tableOrder(): Variant[] {
  const ordered: Variant[] = [];
  for (const variant of VARIANTS) {
    if (variant.kind !== 'ts') continue;
    ordered.push(variant, ...VARIANTS.filter((v) => v.kind === 'peer' && v.counterpart === variant.name));
  }
  return ordered;
}

const label = (variant: Variant) =>
  variant.kind === 'peer' ? `${variant.name} (${variant.language})` : variant.name;

function rateCell(cell: CellSummary | undefined): string {
  if (cell === undefined) return '—';
  if (cell.notServed >= cell.clients) return 'not served';
  const served = rate(cell.reqPerSec);
  return cell.notServed > 0 ? `${served} · ${cell.notServed} of ${cell.clients} not served` : served;
}

function seedCell(variant: Variant, scenario: ScenarioName): string {
  if (variant.seedRow === undefined || (scenario !== 'io' && scenario !== 'cpu')) return '';
  const seed = SEED_FIGURES[scenario][variant.seedRow];
  const one = seed.oneClient === 'n/a' ? 'n/a' : int(seed.oneClient);
  const two =
    seed.twoClients === 'n/a' ? 'n/a' : seed.twoClients === null ? 'not served' : int(seed.twoClients);
  return `${variant.seedRow}: ${one} / ${two}`;
}

function rateTable(input: ReportInput, scenario: ScenarioName): string {
  const counts = SCENARIOS[scenario].clientCounts(input.clientCounts);
  const last = counts[counts.length - 1] as number;
  const header = [
    'variant',
    ...counts.map((c) => `${c} client${c === 1 ? '' : 's'} req/s`),
    `× ${REFERENCE_VARIANT} (${last} cl.)`,
    `p99 ms (${counts.join(' / ')} cl.)`,
    `server CPU % (${last} cl.)`,
    'peak RSS MiB',
    'seed (Python, talk’s machine) 1 / 2 cl.',
  ];
  const rows: string[][] = [];
  for (const runtime of [SYSTEM_RUNTIME]) {
    for (const variant of tableOrder()) {
      const gone = input.unavailable.find((u) => u.variant === variant.name && u.runtime === runtime);
      const cells = counts.map((c) =>
        input.summaries.find(
          (s) =>
            s.variant === variant.name && s.runtime === runtime && s.scenario === scenario && s.clients === c,
        ),
      );
      if (gone !== undefined) {
        rows.push([
          label(variant),
          `not available: ${gone.reason}`,
          ...Array(header.length - 3).fill(''),
          seedCell(variant, scenario),
        ]);
        continue;
      }
      if (cells.every((c) => c === undefined)) continue;
      const lastCell = cells[cells.length - 1];
      rows.push([
        label(variant),
        ...cells.map(rateCell),
        ratio(lastCell?.vsEventLoop ?? null),
        cells.map((c) => ms(c?.p99Ms ?? null)).join(' / '),
        lastCell?.serverCpu == null ? '—' : int(lastCell.serverCpu),
        lastCell?.serverRssMiB == null ? '—' : int(lastCell.serverRssMiB),
        seedCell(variant, scenario),
      ]);
    }
  }
  return markdownTable(header, rows, ['l', ...counts.map(() => 'r' as const), 'r', 'r', 'r', 'r', 'l']);
}

function mixedTable(input: ReportInput): string {
  const header = [
    'variant',
    'I/O client p50 ms',
    'I/O client p99 ms',
    'I/O client req/s',
    'CPU client req/s',
    'server CPU %',
  ];
  const rows: string[][] = [];
  for (const runtime of [SYSTEM_RUNTIME]) {
    for (const variant of tableOrder()) {
      const cell = input.summaries.find(
        (s) => s.variant === variant.name && s.runtime === runtime && s.scenario === 'mixed',
      );
      const gone = input.unavailable.find((u) => u.variant === variant.name && u.runtime === runtime);
      if (gone !== undefined) rows.push([label(variant), `not available: ${gone.reason}`, '', '', '', '']);
      if (cell === undefined) continue;
      const [cpu, io] = cell.groups;
      const never = (g: GroupSummary | undefined) => g === undefined || g.notServedRepeats === cell.repeats;
      // A one-at-a-time server serves whichever client connected first: say how often each was.
      const groupRate = (g: GroupSummary | undefined) =>
        g === undefined || never(g)
          ? 'not served'
          : g.notServedRepeats > 0
            ? `${rate(g.reqPerSec)} · not served in ${g.notServedRepeats} of ${cell.repeats} repeats`
            : rate(g.reqPerSec);
      rows.push([
        label(variant),
        never(io) ? 'not served' : ms(io?.p50Ms ?? null),
        never(io) ? 'not served' : ms(io?.p99Ms ?? null),
        groupRate(io),
        groupRate(cpu),
        cell.serverCpu === null ? '—' : int(cell.serverCpu),
      ]);
    }
  }
  return markdownTable(header, rows, ['l', 'r', 'r', 'r', 'r', 'r']);
}

/** The runtime comparison: the same variants and cells on every runtime, × the system Node. */
function runtimeTable(input: ReportInput): string {
  const others = input.runtimes.filter((r) => r !== SYSTEM_RUNTIME);
  const find = (variant: string, runtime: string, scenario: ScenarioName, clients: number) =>
    input.summaries.find(
      (s) =>
        s.variant === variant && s.runtime === runtime && s.scenario === scenario && s.clients === clients,
    );
  const measures: Array<{
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
  const rows: string[][] = [];
  for (const variant of tableOrder()) {
    if (
      !others.some((runtime) =>
        input.summaries.some((s) => s.variant === variant.name && s.runtime === runtime),
      )
    )
      continue;
    for (const m of measures) {
      const base = find(variant.name, SYSTEM_RUNTIME, m.scenario, m.clients);
      const baseValue = base === undefined ? null : m.value(base);
      const cells = input.runtimes.map((runtime) => {
        const gone = input.unavailable.find((u) => u.variant === variant.name && u.runtime === runtime);
        if (gone !== undefined) return `not available: ${gone.reason}`;
        const cell = find(variant.name, runtime, m.scenario, m.clients);
        const value = cell === undefined ? null : m.value(cell);
        if (value === null) return cell === undefined ? '—' : 'not served';
        const text = m.unit === 'rate' ? int(value) : ms(value);
        return runtime === SYSTEM_RUNTIME || baseValue === null || baseValue === 0
          ? text
          : `${text} (${(value / baseValue).toFixed(2)}×)`;
      });
      rows.push([variant.name, m.label, ...cells]);
    }
  }
  const header = ['variant', 'measure', ...input.runtimes.map((r) => input.runtimeLabels?.[r] ?? r)];
  return markdownTable(header, rows, ['l', 'l', ...input.runtimes.map(() => 'r' as const)]);
}

/** Warnings where a figure cannot be trusted as it stands. */
export function warningsOf(
  summaries: readonly CellSummary[],
  records: readonly MeasurementRecord[],
): string[] {
  const warnings: string[] = [];
  for (const s of summaries) {
    const where = `${s.variant}${s.runtime === 'node' ? '' : ` · ${s.runtime}`} ${s.scenario} ${s.clients} cl.`;
    if (s.wrongAnswers > 0)
      warnings.push(`${where}: ${s.wrongAnswers} WRONG ANSWERS — a bug, the figures are void`);
    if (s.errors > 0) warnings.push(`${where}: ${s.errors} error replies`);
    if (s.clientSaturated > 0) {
      warnings.push(
        `${where}: the load generator used over 90 % of a core per thread in ${s.clientSaturated} of ${s.repeats} repeats (up to ${s.clientCpuMax.toFixed(0)} % in all): it may be the ceiling`,
      );
    }
  }
  // Spread between repeats: one line, worst cells first; noise is a property of the machine.
  const spreads = summaries
    .filter((s) => s.repeats > 1 && s.reqPerSec.median > 0)
    .map((s) => ({ s, spread: (s.reqPerSec.max - s.reqPerSec.min) / s.reqPerSec.median }))
    .filter(({ spread }) => spread > 0.2)
    .sort((a, b) => b.spread - a.spread);
  if (spreads.length > 0) {
    const worst = spreads
      .slice(0, 5)
      .map(
        ({ s, spread }) =>
          `${s.variant}${s.runtime === 'node' ? '' : ` · ${s.runtime}`} ${s.scenario} ${s.clients} cl. ${(spread * 100).toFixed(0)} %`,
      )
      .join(', ');
    warnings.push(
      `${spreads.length} of ${summaries.length} cells spread over 20 % of their median between repeats (worst: ${worst}): trust the medians and the ratios within a repeat, not single figures; --repeat 5 --duration 3 tightens them`,
    );
  }
  const repeats = new Set(records.map((r) => r.repeat)).size;
  if (repeats < 3)
    warnings.push(
      `only ${repeats} repeat${repeats === 1 ? '' : 's'}: no spread to judge noise by (use --repeat 3 or more)`,
    );
  return warnings;
}

/** The whole report as Markdown: one section per scenario, then warnings. */
export function renderReport(input: ReportInput, warnings: readonly string[]): string {
  const sections: string[] = [];
  for (const scenario of input.scenarios) {
    const { title, shows } = SCENARIOS[scenario];
    let text = `### ${title}\n\n${shows}.`;
    if (scenario === 'heavy' && input.nativeLimitReqPerSec !== undefined) {
      text += ` Ceiling for compiled code: cores ÷ the addon's own in-process fib(30) time = ${int(input.nativeLimitReqPerSec)} req/s.`;
    }
    sections.push(`${text}\n\n${scenario === 'mixed' ? mixedTable(input) : rateTable(input, scenario)}`);
  }
  if (input.runtimes.length > 1) {
    sections.push(
      `### Runtimes: the same servers on ${input.runtimes.join(', ')}\n\nMedians of the repeats; (×) is the ratio to the system Node's figure in the same run. The load generator runs on the system Node throughout.\n\n${runtimeTable(input)}`,
    );
  }
  sections.push(
    warnings.length === 0
      ? '### Warnings\n\nnone'
      : `### Warnings\n\n${warnings.map((w) => `- ${w}`).join('\n')}`,
  );
  return sections.join('\n\n');
}
