/** The compare report: tables in the seed's shape, one per scenario, plus warnings. */
import { VARIANTS, type Variant } from '../server/variants.js';
import { markdownTable } from './markdown.js';
import type { MeasurementRecord } from './measure.js';
import { SCENARIOS, type ScenarioName } from './scenarios.js';
import { SEED_FIGURES } from './seed-figures.js';
import { type CellSummary, REFERENCE_VARIANT, type Spread } from './summary.js';

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

/** Registry order, each peer right after its TypeScript counterpart. */
export function tableOrder(): Variant[] {
  const ordered: Variant[] = [];
  for (const variant of VARIANTS) {
    if (variant.kind !== 'ts') continue;
    ordered.push(variant, ...VARIANTS.filter((v) => v.kind === 'peer' && v.counterpart === variant.name));
  }
  return ordered;
}

const label = (variant: Variant, runtime: string, runtimes: string[]) => {
  const name = variant.kind === 'peer' ? `${variant.name} (${variant.language})` : variant.name;
  return runtimes.length > 1 && variant.kind === 'ts' ? `${name} · ${runtime}` : name;
};

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
  for (const runtime of input.runtimes) {
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
          label(variant, runtime, input.runtimes),
          `not available: ${gone.reason}`,
          ...Array(header.length - 3).fill(''),
          seedCell(variant, scenario),
        ]);
        continue;
      }
      if (cells.every((c) => c === undefined)) continue;
      const lastCell = cells[cells.length - 1];
      rows.push([
        label(variant, runtime, input.runtimes),
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
  for (const runtime of input.runtimes) {
    for (const variant of tableOrder()) {
      const cell = input.summaries.find(
        (s) => s.variant === variant.name && s.runtime === runtime && s.scenario === 'mixed',
      );
      const gone = input.unavailable.find((u) => u.variant === variant.name && u.runtime === runtime);
      if (gone !== undefined)
        rows.push([label(variant, runtime, input.runtimes), `not available: ${gone.reason}`, '', '', '', '']);
      if (cell === undefined) continue;
      const [cpu, io] = cell.groups;
      const ioServed = io !== undefined && io.notServed === 0;
      rows.push([
        label(variant, runtime, input.runtimes),
        ioServed ? ms(io.p50Ms) : 'not served',
        ioServed ? ms(io.p99Ms) : 'not served',
        io === undefined ? '—' : ioServed ? rate(io.reqPerSec) : '0',
        cpu === undefined ? '—' : cpu.notServed > 0 ? 'not served' : rate(cpu.reqPerSec),
        cell.serverCpu === null ? '—' : int(cell.serverCpu),
      ]);
    }
  }
  return markdownTable(header, rows, ['l', 'r', 'r', 'r', 'r', 'r']);
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
    const spread = s.reqPerSec.median > 0 ? (s.reqPerSec.max - s.reqPerSec.min) / s.reqPerSec.median : 0;
    if (s.repeats > 1 && spread > 0.2)
      warnings.push(`${where}: repeats spread ${(spread * 100).toFixed(0)} % of the median`);
    if (s.clientCpuMax > 90)
      warnings.push(
        `${where}: the load generator used ${s.clientCpuMax.toFixed(0)} % of a core (it may be the ceiling)`,
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
  sections.push(
    warnings.length === 0
      ? '### Warnings\n\nnone'
      : `### Warnings\n\n${warnings.map((w) => `- ${w}`).join('\n')}`,
  );
  return sections.join('\n\n');
}
