/** The rules that decide which figures of a compare run cannot be trusted as they stand. */
import { DISTURBANCE_LIMITS, disturbances } from '../../noise/disturbed.js';
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import { cellLabel } from '../scenarios.js';
import type { MeasurementRecord, Unavailable } from '../types.js';
import type { HeadlineRatio } from './ratios.js';
import type { CellSummary } from './summary.js';

const whereOf = (s: Pick<CellSummary, 'variant' | 'runtime' | 'scenario' | 'clients' | 'n'>) =>
  `${s.variant}${s.runtime === SYSTEM_RUNTIME ? '' : ` · ${s.runtime}`} ${cellLabel(s)}`;

/** Warnings where a figure cannot be trusted as it stands. */
export function warningsOf(
  summaries: readonly CellSummary[],
  records: readonly MeasurementRecord[],
  unavailable: readonly Unavailable[] = [],
  headline: readonly HeadlineRatio[] = [],
  imprecise?: readonly string[],
  cutShort?: { done: number; planned: number },
): string[] {
  const warnings: string[] = [];
  for (const u of unavailable) {
    if (u.reason.startsWith('failed:'))
      warnings.push(
        `${u.variant} on ${u.runtime} FAILED while measured (${u.reason.slice(8)}): its figures are missing`,
      );
  }
  for (const s of summaries) {
    const where = whereOf(s);
    if (s.wrongAnswers > 0)
      warnings.push(`${where}: ${s.wrongAnswers} WRONG ANSWERS — a bug, the figures are void`);
    if (s.errors > 0) warnings.push(`${where}: ${s.errors} error replies`);
    if (s.clientSaturated > 0) {
      warnings.push(
        `${where}: the load generator used over 90 % of a core per thread in ${s.clientSaturated} of ${s.rounds} rounds (up to ${s.clientCpuMax.toFixed(0)} % in all): it may be the ceiling`,
      );
    }
  }
  // Slices measured on a disturbed machine: one line naming the cells, worst first.
  const disturbed = new Map<string, { count: number; total: number; reasons: Set<string> }>();
  for (const r of records) {
    const key = whereOf(r);
    const entry = disturbed.get(key) ?? { count: 0, total: 0, reasons: new Set<string>() };
    entry.total++;
    const why = disturbances(r.noise ?? undefined);
    if (why.length > 0) {
      entry.count++;
      for (const reason of why)
        entry.reasons.add(reason.startsWith('steal') ? 'steal' : 'other processes busy');
    }
    disturbed.set(key, entry);
  }
  const hit = [...disturbed.entries()]
    .filter(([, e]) => e.count > 0)
    .sort((a, b) => b[1].count / b[1].total - a[1].count / a[1].total);
  if (hit.length > 0) {
    const worst = hit
      .slice(0, 6)
      .map(([where, e]) => `${where} ${e.count}/${e.total}`)
      .join(', ');
    const reasons = [...new Set(hit.flatMap(([, e]) => [...e.reasons]))].join('; ');
    warnings.push(
      `${hit.length} of ${disturbed.size} cells had slices measured while the machine was disturbed (${reasons}, over ${DISTURBANCE_LIMITS.stealPct} % steal or ${DISTURBANCE_LIMITS.othersPct} % others): ${worst}${hit.length > 6 ? ', …' : ''}; the paired ratios absorb a disturbance that spans a round, the absolute rates do not`,
    );
  }
  const wide = headline.filter((h) => h.halfWidth !== undefined && h.halfWidth > 0.1);
  if (wide.length > 0) {
    warnings.push(
      `${wide.length} of ${headline.length} headline ratios are known only within more than ±10 % (${wide.map((h) => h.label).join('; ')}): --rounds 12 or --precision 10% tightens them`,
    );
  }
  if (imprecise !== undefined && imprecise.length > 0) {
    warnings.push(`--precision was not reached within the budget for: ${imprecise.join('; ')}`);
  }
  if (cutShort !== undefined) {
    warnings.push(
      `the machine was slower than planned: the budget ended the run after ${cutShort.done} of ${cutShort.planned} rounds (--budget gives it more time)`,
    );
  }
  const rounds = new Set(records.map((r) => r.round)).size;
  if (rounds < 3)
    warnings.push(
      `only ${rounds} round${rounds === 1 ? '' : 's'}: intervals from so few pairs are wide (use --rounds 6 or more)`,
    );
  return warnings;
}
