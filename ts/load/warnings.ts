/** Decides which figures of a report can't be trusted as they stand, and says why. */
import { WARNING_THRESHOLDS } from './defaults.js';
import { count, errorCodes, formatMicros, formatRate } from './format.js';
import type { GroupReport, LoadGeneratorUsage, LoadReport, LoadWarning, OpenLoopReport } from './types.js';

const percent = (x: number) => `${Math.round(x * 100)} %`;

/** An open-loop group that did not keep its rate, or whose latency is partly the generator's own lag. */
function openLoopWarnings(g: GroupReport, group: string | null, where: string): LoadWarning[] {
  const o = g.openLoop as OpenLoopReport;
  const warnings: LoadWarning[] = [];
  if (o.achievedRate < (1 - WARNING_THRESHOLDS.rateShortfall) * o.targetRate) {
    const why =
      o.late > 0
        ? `${count(o.late)} requests waited behind unanswered ones (the server's back-pressure)`
        : 'the generator could not send on time';
    warnings.push({
      code: 'rate-not-achieved',
      group,
      message: `${where}sent ${formatRate(o.achievedRate)} req/s of the ${formatRate(o.targetRate)} asked: ${why}`,
    });
  }
  const l = g.latencyUs;
  if (l !== null) {
    const share = Math.max(
      o.generatorLagUs.p50 / Math.max(1, l.p50),
      o.generatorLagUs.p99 / Math.max(1, l.p99),
    );
    if (share > WARNING_THRESHOLDS.generatorLagShare) {
      warnings.push({
        code: 'generator-lag',
        group,
        message:
          `${where}the generator itself sent late by p50 ${formatMicros(o.generatorLagUs.p50)}, p99 ${formatMicros(o.generatorLagUs.p99)} ` +
          `(latency p50 ${formatMicros(l.p50)}, p99 ${formatMicros(l.p99)}): up to ${percent(Math.min(1, share))} of a latency is its own lag, ` +
          'not the server (on a busy machine its threads wait for a core after each sleep; fewer other processes help)',
      });
    }
  }
  return warnings;
}

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
    if (g.openLoop !== undefined) warnings.push(...openLoopWarnings(g, group, where));
    // Percentiles exist only when something was measured; with none, the warnings above say why.
    if (g.requests > 0 && g.requests < WARNING_THRESHOLDS.minSamples) {
      warnings.push({
        code: 'few-samples',
        group,
        message: `${where}only ${g.requests} correct replies measured: percentiles are rough, run longer`,
      });
    }
  }
  const saturated = saturationWarning(report.loadGenerator);
  if (saturated !== undefined) warnings.push(saturated);
  return warnings;
}

/** The warning for one generator process that may have been the ceiling, if it was that busy; `where` prefixes it. */
export function saturationWarning(usage: LoadGeneratorUsage, where = ''): LoadWarning | undefined {
  const busiest = Math.max(0, ...usage.eventLoopUtilization);
  // The process can use at most one core per worker thread, and no more cores than there are.
  const cpuCeiling = 100 * Math.min(usage.workers, usage.cores);
  if (
    busiest <= WARNING_THRESHOLDS.saturation &&
    usage.cpuPercent <= WARNING_THRESHOLDS.saturation * cpuCeiling
  ) {
    return undefined;
  }
  return {
    code: 'load-generator-saturated',
    group: null,
    message: `${where}load generator saturated (busiest worker ${percent(busiest)}, CPU ${Math.round(usage.cpuPercent)} % of a core): it may be the ceiling, not the server`,
  };
}
