/** Decides which figures of a report can't be trusted as they stand, and says why. */
import { WARNING_THRESHOLDS } from './defaults.js';
import { count, errorCodes } from './format.js';
import type { LoadReport, LoadWarning } from './types.js';

const percent = (x: number) => `${Math.round(x * 100)} %`;

/** Every warning for `report`, most serious first. */
export function findWarnings(report: LoadReport): LoadWarning[] {
  const warnings: LoadWarning[] = [];
  const many = report.groups.length > 1;
  for (const g of report.groups) {
    const group = many ? g.name : null;
    const where = many ? `${g.name}: ` : '';
    if (g.wrongAnswers > 0) {
      const first = g.wrongSamples[0];
      const evidence = first ? ` (first: n=${first.n} expected ${first.expected}, got '${first.got}')` : '';
      warnings.push({
        code: 'wrong-answers',
        group,
        message: `${where}${g.wrongAnswers.toLocaleString('en-US')} WRONG ANSWERS${evidence}: the server is broken, no figure counts`,
      });
    }
  }
  for (const g of report.groups) {
    const group = many ? g.name : null;
    const where = many ? `${g.name}: ` : '';
    if (g.notServed > 0) {
      warnings.push({
        code: 'not-served',
        group,
        message: `${where}${g.notServed} of ${g.clients} clients NOT SERVED (no reply of any kind in ${report.durationS} s)`,
      });
    }
    if (g.connectionFailures.connect + g.connectionFailures.lost > 0) {
      warnings.push({
        code: 'connection-failures',
        group,
        message: `${where}${g.connectionFailures.connect} clients could not connect, ${g.connectionFailures.lost} lost their connection`,
      });
    }
    if (g.requests === 0 && g.errors > 0) {
      warnings.push({
        code: 'no-correct-replies',
        group,
        message: `${where}no correct reply: all ${count(g.errors)} replies were errors (${errorCodes(g)}), so there is no latency to report`,
      });
    } else if (g.errors > 0) {
      warnings.push({
        code: 'error-replies',
        group,
        message: `${where}${count(g.errors)} error replies (${errorCodes(g)})`,
      });
    }
    // Percentiles exist only when something was measured; with none, the warnings above say why.
    if (g.requests > 0 && g.requests < WARNING_THRESHOLDS.minSamples) {
      warnings.push({
        code: 'few-samples',
        group,
        message: `${where}only ${g.requests} correct replies measured: percentiles are rough, run longer`,
      });
    }
  }
  const usage = report.loadGenerator;
  const busiest = Math.max(0, ...usage.eventLoopUtilization);
  // The process can use at most one core per worker thread, and no more cores than there are.
  const cpuCeiling = 100 * Math.min(usage.workers, usage.cores);
  if (
    busiest > WARNING_THRESHOLDS.saturation ||
    usage.cpuPercent > WARNING_THRESHOLDS.saturation * cpuCeiling
  ) {
    warnings.push({
      code: 'load-generator-saturated',
      group: null,
      message: `load generator saturated (busiest worker ${percent(busiest)}, CPU ${Math.round(usage.cpuPercent)} % of a core): it may be the ceiling, not the server`,
    });
  }
  return warnings;
}
