/** What a graceful shutdown did: counted by the transports, summed over a cluster's workers, printed once. */
export interface ShutdownReport {
  /** Connections closed after every request read from them was answered. */
  drained: number;
  /** Replies written after the signal: values and refusals. */
  answered: number;
  /** Of those, requests read after the signal and refused as shutting down (not computed). */
  refused: number;
  /** Connections still open at --shutdown-timeout, closed then. */
  cutOff: number;
  /** Replies those connections were still owed. */
  unanswered: number;
  /** The --shutdown-timeout it ran under (ms). */
  timeoutMs: number;
}

const COUNTS = ['drained', 'answered', 'refused', 'cutOff', 'unanswered'] as const;

/** A report of nothing yet, to count into. */
export function emptyReport(timeoutMs: number): ShutdownReport {
  return { drained: 0, answered: 0, refused: 0, cutOff: 0, unanswered: 0, timeoutMs };
}

/** The sum of several processes' reports (a cluster's workers). */
export function sumReports(reports: readonly ShutdownReport[], timeoutMs: number): ShutdownReport {
  const sum = emptyReport(timeoutMs);
  for (const report of reports) for (const key of COUNTS) sum[key] += report[key];
  return sum;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The one line a server writes to stderr when a signal stopped it, e.g.
 * `fiblab: SIGTERM: drained 3 connections, answered 5 requests (2 refused: shutting down), cut off 1
 * connection owing 1 reply at --shutdown-timeout 5s`.
 */
export function formatShutdownLine(signal: string, report: ShutdownReport): string {
  const timeout = `--shutdown-timeout ${report.timeoutMs / 1000}s`;
  const refused = report.refused > 0 ? ` (${report.refused} refused: shutting down)` : '';
  const cut =
    report.cutOff === 0
      ? `nothing cut off by ${timeout}`
      : `cut off ${count(report.cutOff, 'connection')} owing ${count(report.unanswered, 'reply', 'replies')} at ${timeout}`;
  return `fiblab: ${signal}: drained ${count(report.drained, 'connection')}, answered ${count(report.answered, 'request')}${refused}, ${cut}`;
}
