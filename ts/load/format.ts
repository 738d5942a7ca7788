/** The human report, in the manner of oha/autocannon: a header, one block per group, usage, warnings. */
import { formatEnvironment } from '../environment.js';
import type { LoadReport, Stats } from './types.js';

const count = (x: number) => x.toLocaleString('en-US');

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

const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;
const row = (label: string, value: string) => `  ${label.padEnd(16)}${value}`;

function block(title: string, s: Stats, durationS: number): string[] {
  const lines = [title];
  lines.push(row('Requests', `${count(s.requests)} in ${durationS} s   ${formatRate(s.reqPerSec)} req/s`));
  const l = s.latencyUs;
  if (l === null) {
    lines.push(row('Latency', '— (no reply measured)'));
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
  }
  lines.push(row('Replies/client', `${count(s.repliesPerClient.min)} – ${count(s.repliesPerClient.max)}`));
  lines.push(
    row(
      'Not served',
      s.notServed === 0 ? `0 of ${s.clients}` : `${s.notServed} of ${s.clients}  ← NOT SERVED`,
    ),
  );
  const codes = Object.entries(s.errorReplies).filter(([, n]) => n > 0);
  lines.push(
    row(
      'Errors',
      codes.length ? `${count(s.errors)}  (${codes.map(([c, n]) => `${c} ${n}`).join(', ')})` : '0',
    ),
  );
  lines.push(row('Wrong answers', s.wrongAnswers === 0 ? '0' : `${count(s.wrongAnswers)}  ← WRONG`));
  const { connect, lost } = s.connectionFailures;
  if (connect + lost > 0) lines.push(row('Conn. failures', `${connect} could not connect, ${lost} lost`));
  return lines;
}

/** The whole human-readable report, ending in a newline. */
export function formatLoadReport(report: LoadReport): string {
  const target = `${report.target.host}:${report.target.ports.join(',')}`;
  const usage = report.loadGenerator;
  const lines = [
    `fiblab load → ${target}   ${plural(report.clients, 'client')} on ${plural(usage.workers, 'worker thread')}   ` +
      `warm-up ${report.warmupS} s, measured ${report.durationS} s`,
    formatEnvironment(report.environment),
    '',
  ];
  for (const g of report.groups) {
    const ports = g.ports.length > 1 ? `ports ${g.ports.join(',')}` : `port ${g.ports.join('')}`;
    lines.push(...block(`${g.name}   (${plural(g.clients, 'client')}, ${ports})`, g, report.durationS), '');
  }
  if (report.groups.length > 1) lines.push(...block('All groups', report.total, report.durationS), '');
  const loops = usage.eventLoopUtilization.map((u) => `${Math.round(u * 100)} %`).join(', ');
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
