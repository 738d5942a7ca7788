/** Turns the workers' raw figures into the report: per group, and for the whole run. */
import type { Histogram } from 'hdr-histogram-js';
import type { Environment } from '../environment.js';
import { emptyErrorCounts } from './client-connection.js';
import { encodeHistogram, mergeHistograms, summarise } from './histogram.js';
import type { LoadPlan } from './plan.js';
import type {
  ClientReport,
  ErrorReplyCounts,
  GroupReport,
  LoadGeneratorUsage,
  LoadReport,
  OpenLoopReport,
  SpreadSummary,
  Stats,
  WrongAnswer,
} from './types.js';
import { findWarnings } from './warnings.js';
import type { WorkerToMain } from './worker-messages.js';

type WorkerResult = Extract<WorkerToMain, { type: 'result' }>;
type WorkerGroupResult = WorkerResult['groups'][number];

function addErrors(into: ErrorReplyCounts, from: ErrorReplyCounts): void {
  for (const code of Object.keys(into) as (keyof ErrorReplyCounts)[]) into[code] += from[code];
}

function stats(
  clients: ClientReport[],
  histogram: Histogram,
  errorReplies: ErrorReplyCounts,
  durationS: number,
): Stats {
  const connected = clients.flatMap((c) => (c.state === 'connected' ? [c] : []));
  const replies = connected.map((c) => c.replies);
  const requests = replies.reduce((a, b) => a + b, 0);
  return {
    clients: clients.length,
    requests,
    reqPerSec: requests / durationS,
    latencyUs: summarise(histogram),
    latencyHistogram: encodeHistogram(histogram),
    repliesPerClient: {
      min: replies.length ? Math.min(...replies) : 0,
      max: replies.length ? Math.max(...replies) : 0,
    },
    // Served means answered at all: an ERR reply is an answer (a refusal), silence is not.
    notServed: connected.filter((c) => c.replies === 0 && c.errors === 0).length,
    wrongAnswers: connected.reduce((a, c) => a + c.wrongAnswers, 0),
    errors: Object.values(errorReplies).reduce((a, b) => a + b, 0),
    errorReplies,
    connectionFailures: {
      connect: clients.length - connected.length,
      lost: connected.filter((c) => c.lost !== null).length,
    },
    unfinished: connected.filter((c) => c.unfinished).length,
  };
}

/** p50, p99 and max of encoded histograms merged, divided by `unit` (zeros when nothing was recorded). */
function spread(encoded: readonly string[], unit: number): SpreadSummary {
  const merged = mergeHistograms(encoded);
  try {
    if (merged.totalCount === 0) return { p50: 0, p99: 0, max: 0 };
    return {
      p50: merged.getValueAtPercentile(50) / unit,
      p99: merged.getValueAtPercentile(99) / unit,
      max: merged.maxValue / unit,
    };
  } finally {
    merged.destroy();
  }
}

/** How an open-loop group kept its schedule, from each worker's tally. */
function openLoopReport(
  targetRate: number,
  parts: readonly WorkerGroupResult[],
  durationS: number,
): OpenLoopReport {
  const tallies = parts.flatMap((p) => (p.openLoop === undefined ? [] : [p.openLoop]));
  const sent = tallies.reduce((a, t) => a + t.sent, 0);
  return {
    targetRate,
    achievedRate: sent / durationS,
    sent,
    late: tallies.reduce((a, t) => a + t.late, 0),
    lateMs: spread(
      tallies.map((t) => t.lateness),
      1000,
    ),
    generatorLagUs: spread(
      tallies.map((t) => t.lag),
      1,
    ),
    fromDispatchUs: spread(
      tallies.map((t) => t.fromDispatch),
      1,
    ),
    unanswered: tallies.reduce((a, t) => a + t.unanswered, 0),
  };
}

/** Builds the LoadReport (schemaVersion 1) from every worker's result. */
export function buildReport(
  plan: LoadPlan,
  results: readonly WorkerResult[],
  loadGenerator: LoadGeneratorUsage,
  startedAt: string,
  environment: Environment,
): LoadReport {
  const groups: GroupReport[] = plan.groups.map((g, index) => {
    const parts = results.flatMap((r) => r.groups.filter((p) => p.group === index));
    const errorReplies = emptyErrorCounts();
    for (const p of parts) addErrors(errorReplies, p.errorReplies);
    const clientReports = results
      .flatMap((r) => r.clients.filter((c) => c.group === index).map((c) => c.report))
      .sort((a, b) => a.client - b.client);
    const histogram = mergeHistograms(parts.map((p) => p.histogram));
    const wrongSamples: WrongAnswer[] = parts.flatMap((p) => p.wrongSamples).slice(0, 3);
    const figures = stats(clientReports, histogram, errorReplies, plan.durationS);
    histogram.destroy();
    return {
      name: g.name,
      n: g.n,
      ports: [...new Set(plan.clients.filter((c) => c.group === index).map((c) => c.port))],
      ...figures,
      clientReports,
      wrongSamples,
      ...(g.rate === undefined ? {} : { openLoop: openLoopReport(g.rate, parts, plan.durationS) }),
    };
  });

  const allErrors = emptyErrorCounts();
  for (const g of groups) addErrors(allErrors, g.errorReplies);
  const allLatencies = mergeHistograms(results.flatMap((r) => r.groups.map((p) => p.histogram)));
  const total = stats(
    groups.flatMap((g) => g.clientReports),
    allLatencies,
    allErrors,
    plan.durationS,
  );
  allLatencies.destroy();

  const report: LoadReport = {
    schemaVersion: 1,
    target: {
      host: plan.host,
      ports: plan.ports,
      ...(plan.transport === 'http' ? { transport: 'http' as const } : {}),
      ...(plan.framing === 'read' ? { framing: 'read' as const } : {}),
    },
    startedAt,
    warmupS: plan.warmupS,
    durationS: plan.durationS,
    graceS: plan.graceS,
    clients: plan.clients.length,
    groups,
    total,
    loadGenerator,
    environment,
    warnings: [],
  };
  report.warnings = findWarnings(report);
  return report;
}
