/** The rules that decide which figures of a compare run cannot be trusted as they stand. */
import { SYSTEM_RUNTIME } from '../runtimes/registry.js';
import type { MeasurementRecord } from './measure.js';
import type { CellSummary } from './summary.js';
import type { Unavailable } from './tables.js';

/** Warnings where a figure cannot be trusted as it stands. */
export function warningsOf(
  summaries: readonly CellSummary[],
  records: readonly MeasurementRecord[],
  unavailable: readonly Unavailable[] = [],
): string[] {
  const warnings: string[] = [];
  for (const u of unavailable) {
    if (u.reason.startsWith('failed:'))
      warnings.push(
        `${u.variant} on ${u.runtime} FAILED while measured (${u.reason.slice(8)}): its figures are missing`,
      );
  }
  for (const s of summaries) {
    const where = `${s.variant}${s.runtime === SYSTEM_RUNTIME ? '' : ` · ${s.runtime}`} ${s.scenario} ${s.clients} cl.`;
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
          `${s.variant}${s.runtime === SYSTEM_RUNTIME ? '' : ` · ${s.runtime}`} ${s.scenario} ${s.clients} cl. ${(spread * 100).toFixed(0)} %`,
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
