/**
 * The report's section of a `--latency` run: each server's knee, its p99 at every step of the
 * ladder, and every step's figures (open loop throughout: latency from the intended send time).
 */
import type { Align, Table } from '../../render/table.js';
import { wrap } from '../../render/wrap.js';
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import { KEEPS_UP, KNEE_FACTOR } from '../analyse/knee.js';
import type { LatencyCurve, LatencyStep } from '../analyse/latency.js';
import { label, tableOrder } from '../roster.js';
import { offeredKey } from '../scenarios.js';
import { int, ms, type ReportStyle, ratio } from './format.js';
import type { ReportSection } from './section.js';

/** The curves of the system runtime, in table order. */
function ordered(curves: readonly LatencyCurve[]): Array<{ name: string; curve: LatencyCurve }> {
  return tableOrder().flatMap((variant) => {
    const curve = curves.find((c) => c.variant === variant.name && c.runtime === SYSTEM_RUNTIME);
    return curve === undefined ? [] : [{ name: label(variant), curve }];
  });
}

const behind = (s: LatencyStep) => s.achievedRate < KEEPS_UP * s.targetRate;
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);

function kneeTable(rows: ReturnType<typeof ordered>, style: ReportStyle): Table {
  const md = style === 'markdown';
  return {
    header: md
      ? [
          'variant',
          'capacity req/s (closed loop)',
          'p99 ms at the lowest load',
          'knee: offered load',
          'knee: % of capacity',
          'p99 ms at the knee',
          'why there',
        ]
      : ['variant', 'capacity', 'low-load p99', 'knee at', '% cap.', 'knee p99', 'why'],
    rows: rows.map(({ name, curve }) => {
      const knee = curve.knee;
      const base = curve.steps.find((s) => s.p99Ms !== null)?.p99Ms ?? null;
      return [
        name,
        curve.capacity === null ? '—' : int(curve.capacity),
        ms(base),
        knee === null
          ? 'none on the ladder'
          : `${int(knee.targetRate)}/s${knee.label.endsWith('%') ? ` (${knee.label})` : ''}`,
        knee === null ? '—' : percent(knee.share),
        knee === null ? '—' : ms(knee.p99Ms),
        knee === null
          ? ''
          : knee.why === 'p99'
            ? `p99 > ${KNEE_FACTOR}× from here on`
            : md
              ? `serves < ${KEEPS_UP * 100} % of the rate from here on`
              : `falls behind`,
      ];
    }),
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
  };
}

/** The steps every curve has, in ladder order (shares, then fixed rates). */
function stepColumns(curves: readonly LatencyCurve[]): LatencyStep[] {
  const seen = new Map<string, LatencyStep>();
  for (const curve of curves) for (const s of curve.steps) seen.set(offeredKey(s.offered), s);
  const shares = [...seen.values()].filter((s) => 'share' in s.offered);
  const rates = [...seen.values()].filter((s) => 'rate' in s.offered);
  const value = (s: LatencyStep) => ('share' in s.offered ? s.offered.share : s.offered.rate);
  return [...shares.sort((a, b) => value(a) - value(b)), ...rates.sort((a, b) => value(a) - value(b))];
}

/** p99 at every step, one row per server: `*` where it fell behind the schedule, `▸` at its knee. */
function gridTable(rows: ReturnType<typeof ordered>, curves: readonly LatencyCurve[]): Table {
  const columns = stepColumns(curves);
  return {
    header: ['variant', ...columns.map((s) => s.label)],
    rows: rows.map(({ name, curve }) => [
      name,
      ...columns.map((column) => {
        const step = curve.steps.find((s) => offeredKey(s.offered) === offeredKey(column.offered));
        if (step === undefined) return '—';
        if (step.notServedRounds === step.slices) return 'not served';
        const knee =
          curve.knee !== null &&
          offeredKey(curve.steps[curve.knee.index]?.offered) === offeredKey(step.offered);
        return `${knee ? '▸' : ''}${ms(step.p99Ms)}${behind(step) ? '*' : ''}`;
      }),
    ]),
    align: ['l', ...columns.map((): Align => 'r')],
  };
}

function stepsTable(rows: ReturnType<typeof ordered>, style: ReportStyle): Table {
  const md = style === 'markdown';
  const body: string[][] = [];
  for (const { name, curve } of rows) {
    for (const s of curve.steps) {
      body.push([
        name,
        s.label,
        int(s.targetRate),
        `${int(s.achievedRate)}${behind(s) ? '*' : ''}`,
        s.lateShare === null ? '—' : `${(s.lateShare * 100).toFixed(s.lateShare < 0.1 ? 1 : 0)} %`,
        ms(s.p50Ms),
        ms(s.p99Ms),
        ms(s.p99_9Ms),
        ratio(s.p99VsGo, style),
        s.generatorLagP99Us === null ? '—' : int(s.generatorLagP99Us),
        ...(md ? [int(s.replies)] : []),
      ]);
    }
  }
  return {
    header: md
      ? [
          'variant',
          'step',
          'offered req/s',
          'served req/s',
          'due, sent late',
          'p50 ms',
          'p99 ms',
          'p99.9 ms',
          'p99 ÷ Go (paired)',
          'generator lag p99 µs',
          'replies',
        ]
      : ['variant', 'step', 'offered', 'served', 'late', 'p50', 'p99', 'p99.9', 'p99 ÷ Go', 'lag µs'],
    rows: body,
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  };
}

/** The section; undefined when the run had no latency ladder. */
export function latencySection(
  curves: readonly LatencyCurve[] | undefined,
  style: ReportStyle,
): ReportSection | undefined {
  const rows = ordered(curves ?? []);
  const first = rows[0]?.curve;
  if (first === undefined) return undefined;
  const legend =
    style === 'terminal'
      ? wrap(
          `\n(open loop; ms from the intended send time, all rounds pooled. offered/served req/s: medians of the rounds, * where it served under ${KEEPS_UP * 100} % of the offered rate; late: share of the requests due that went out behind schedule (held back behind a reply: HTTP; 0 on the pipelined line protocol); p99 ÷ Go: paired at the same step, ± half its 95 % interval, ~ where that holds 1; lag µs: the generator's own lag at p99)`,
          118,
        )
      : '';
  return {
    id: 'latency',
    title: `Latency under load (open loop): p99 against the offered load, n=${first.n}, ${first.clients} connections`,
    about: `Each server is sent requests on a fixed schedule — an open loop: a request's latency runs from the moment it was due to be sent, so a stall counts for every request it delays (a closed-loop client would stop sending and count it once). The steps are shares of each server's own capacity (its closed-loop req/s at the same n and connections, measured first in this run) and fixed rates every server gets, so curves can be set side by side. The knee is the lowest offered load from which on, at every higher load, p99 is over ${KNEE_FACTOR}× its p99 at the lowest load or the server serves under ${KEEPS_UP * 100} % of the offered rate: where the queue, not the work, sets the latency. Server and load generator share the machine's cores.`,
    tables: [
      { caption: 'Knees:', table: kneeTable(rows, style) },
      {
        caption: `p99 ms (open loop) at each step (▸ the knee; * served under ${KEEPS_UP * 100} % of the offered rate):`,
        table: gridTable(rows, curves ?? []),
      },
      { caption: 'Every step:', table: stepsTable(rows, style) },
    ],
    legend,
  };
}

/** What the latency chart shows, in a sentence or two (the HTML report's caption). */
export const LATENCY_CAPTION = `Open loop: requests on a fixed schedule, latency from the moment each was due. One line per model, Go and answer in colour; a diamond marks each knee (from there on, p99 over ${KNEE_FACTOR}× its lowest-load p99, or the server falls behind). Left: offered load in req/s, where the fixed rates set every server side by side; right: as a share of each server's own capacity measured in this run.`;
