/** The human report, in the manner of oha/autocannon: a header, one block per group, usage, warnings. */
import { formatEnvironment } from '../environment.js';
import { type DistributionRow, latencyDistribution } from './histogram.js';
import type { LoadHostsReport, LoadReport, OpenLoopReport, SpreadSummary, Stats } from './types.js';

/** A count with thousands separators. */
export const count = (x: number) => x.toLocaleString('en-US');

/** A latency in µs as `812 µs`, `3.21 ms` or `1.52 s`. */
export function formatMicros(us: number): string {
  if (us < 10) return `${us.toFixed(1)} µs`;
  if (us < 1000) return `${us.toFixed(0)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(2)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

/** A rate: whole numbers from 100 up, one decimal below (a CPU-bound n gives tens per second). */
export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? count(Math.round(perSecond)) : perSecond.toFixed(1);
}

/** The error codes seen and how often, e.g. `ERANGE 54,959, EBUSY 3`. */
export function errorCodes(s: Pick<Stats, 'errorReplies'>): string {
  return Object.entries(s.errorReplies)
    .filter(([, n]) => n > 0)
    .map(([code, n]) => `${code} ${count(n)}`)
    .join(', ');
}

/** A round bound of the distribution: `50 µs`, `2 ms`, `1 s`. */
function bound(us: number): string {
  if (us < 1000) return `${us} µs`;
  if (us < 1_000_000) return `${us / 1000} ms`;
  return `${us / 1_000_000} s`;
}

/** The widest bar of the distribution, in characters. */
const BAR_WIDTH = 30;

/** The distribution as rows `≤ 50 µs   1,234  89.1 %  ■■■■…`, bars scaled to the fullest row. */
function distributionLines(rows: readonly DistributionRow[], total: number): string[] {
  const fullest = Math.max(...rows.map((r) => r.count));
  const labels = rows.map((r) => `≤ ${bound(r.upToUs)}`);
  const counts = rows.map((r) => count(r.count));
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const countWidth = Math.max(...counts.map((c) => c.length));
  return rows.map((r, i) => {
    // A non-empty row always shows at least one mark, so a rare tail stays visible.
    const bar = r.count === 0 ? '' : '■'.repeat(Math.max(1, Math.round((r.count / fullest) * BAR_WIDTH)));
    const percent = `${((r.count / total) * 100).toFixed(1)} %`.padStart(7);
    return `${(labels[i] as string).padEnd(labelWidth)}  ${(counts[i] as string).padStart(countWidth)} ${percent}  ${bar}`.trimEnd();
  });
}

const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;
const row = (label: string, value: string) => `  ${label.padEnd(16)}${value}`;

/** An open-loop group's schedule-keeping lines: rate, late requests, the generator's own lag. */
function openLoopLines(o: OpenLoopReport): string[] {
  const spreadMs = (x: SpreadSummary) =>
    `p50 ${formatMicros(x.p50 * 1000)}   p99 ${formatMicros(x.p99 * 1000)}   max ${formatMicros(x.max * 1000)}`;
  const lines = [
    row(
      'Open loop',
      `target ${formatRate(o.targetRate)} req/s, sent ${formatRate(o.achievedRate)} req/s (${count(o.sent)}); ` +
        'latency counts from each intended send time',
    ),
    row(
      'Late',
      o.late === 0
        ? '0 held back behind an unanswered request'
        : `${count(o.late)} held back behind an unanswered request, by ${spreadMs(o.lateMs)}`,
    ),
    row(
      'Generator lag',
      `p50 ${formatMicros(o.generatorLagUs.p50)}   p99 ${formatMicros(o.generatorLagUs.p99)}   ` +
        `max ${formatMicros(o.generatorLagUs.max)}   (sent that late by this generator; part of the latency)`,
    ),
    row(
      'From dispatch',
      `p50 ${formatMicros(o.fromDispatchUs.p50)}   p99 ${formatMicros(o.fromDispatchUs.p99)}   ` +
        `max ${formatMicros(o.fromDispatchUs.max)}   (the latency without the generator's lag, as oha corrects)`,
    ),
  ];
  if (o.unanswered > 0)
    lines.push(row('Unanswered', `${count(o.unanswered)} requests had no reply by the end`));
  return lines;
}

function block(title: string, s: Stats, durationS: number, openLoop?: OpenLoopReport): string[] {
  const lines = [title];
  lines.push(row('Requests', `${count(s.requests)} in ${durationS} s   ${formatRate(s.reqPerSec)} req/s`));
  if (openLoop !== undefined) lines.push(...openLoopLines(openLoop));
  const l = s.latencyUs;
  if (l === null) {
    lines.push(
      row(
        'Latency',
        s.errors > 0
          ? '— (no correct reply: every reply was an error)'
          : '— (no reply in the measured window)',
      ),
    );
  } else {
    const points: [string, number][] = [
      ['p50', l.p50],
      ['p90', l.p90],
      ['p99', l.p99],
      ['p99.9', l.p99_9],
      ['max', l.max],
    ];
    lines.push(row('Latency', points.map(([name, us]) => `${name} ${formatMicros(us)}`).join('   ')));
    lines.push(
      row('', `mean ${formatMicros(l.mean)} ± ${formatMicros(l.stdev)}   (${plural(l.samples, 'sample')})`),
    );
    distributionLines(latencyDistribution(s.latencyHistogram), l.samples).forEach((line, i) => {
      lines.push(row(i === 0 ? 'Distribution' : '', line));
    });
  }
  lines.push(
    row(
      'Replies/client',
      `fewest ${count(s.repliesPerClient.min)}, most ${count(s.repliesPerClient.max)} correct replies on one connection`,
    ),
  );
  lines.push(
    row(
      'Not served',
      s.notServed === 0 ? `0 of ${s.clients}` : `${s.notServed} of ${s.clients}  ← NOT SERVED`,
    ),
  );
  lines.push(row('Errors', s.errors === 0 ? '0' : `${count(s.errors)}  (${errorCodes(s)})`));
  lines.push(row('Wrong answers', s.wrongAnswers === 0 ? '0' : `${count(s.wrongAnswers)}  ← WRONG`));
  const { connect, lost } = s.connectionFailures;
  if (connect + lost > 0) lines.push(row('Conn. failures', `${connect} could not connect, ${lost} lost`));
  return lines;
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

/** A run over several load hosts: how far apart they started, then each host's part, CPU and clock. */
function loadHostLines(hosts: LoadHostsReport, durationS: number): string[] {
  const width = Math.max(...hosts.hosts.map((h) => h.host.length));
  return [
    `Load hosts      ${hosts.hosts.length}, started within ${ms(hosts.startSpreadMs)} of each other ` +
      '(by their clocks, offsets measured over each connection)',
    ...hosts.hosts.map((h) => {
      const loops = h.loadGenerator.eventLoopUtilization.map((u) => `${Math.round(u * 100)} %`).join(', ');
      const sign = h.clockOffsetMs >= 0 ? '+' : '';
      return (
        `  ${h.host.padEnd(width)}  ${plural(h.total.clients, 'client')}, ${formatRate(h.total.requests / durationS)} req/s; ` +
        `CPU ${Math.round(h.loadGenerator.cpuPercent)} % of one core of ${h.loadGenerator.cores} (event loops ${loops}); ` +
        `clock ${sign}${ms(h.clockOffsetMs)} ± ${ms(h.clockErrorMs)}, started +${ms(h.startMs)}`
      );
    }),
  ];
}

/** The whole human-readable report, ending in a newline. */
export function formatLoadReport(report: LoadReport): string {
  const address = `${report.target.host}:${report.target.ports.join(',')}`;
  const target =
    report.target.transport === 'http'
      ? `http://${address}`
      : report.target.framing === 'read'
        ? `${address} (read framing: bare digits)`
        : address;
  const usage = report.loadGenerator;
  const lines = [
    `fiblab load → ${target}   ${plural(report.clients, 'client')} on ${plural(usage.workers, 'worker thread')}   ` +
      `warm-up ${report.warmupS} s, measured ${report.durationS} s`,
    formatEnvironment(report.environment),
    '',
  ];
  for (const g of report.groups) {
    const ports = g.ports.length > 1 ? `ports ${g.ports.join(',')}` : `port ${g.ports.join('')}`;
    lines.push(
      ...block(`${g.name}   (${plural(g.clients, 'client')}, ${ports})`, g, report.durationS, g.openLoop),
      '',
    );
  }
  if (report.groups.length > 1) lines.push(...block('All groups', report.total, report.durationS), '');
  const loops = usage.eventLoopUtilization.map((u) => `${Math.round(u * 100)} %`).join(', ');
  if (report.loadHosts !== undefined) lines.push(...loadHostLines(report.loadHosts, report.durationS));
  else
    lines.push(
      `Load generator  CPU ${Math.round(usage.cpuPercent)} % of one core (worker event loops busy ${loops}); ` +
        `it shares the machine's ${usage.cores} cores with the server`,
    );
  if (report.warnings.length > 0) {
    lines.push('', 'Warnings');
    for (const w of report.warnings) lines.push(`  ! ${w.message}`);
  }
  return `${lines.join('\n')}\n`;
}
