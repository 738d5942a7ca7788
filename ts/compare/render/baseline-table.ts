/** The table of a run against a saved one (`fiblab diff`, `compare --baseline`), saying that it is the weaker verdict. */

import { markdownTable, type Table, textTable } from '../../render/table.js';
import { wrap } from '../../render/wrap.js';
import { MIN_SHIFT_CELLS } from '../../stats/common-shift.js';
import { formatRatio } from '../../stats/format.js';
import { significanceOf } from '../../stats/paired.js';
import {
  BASELINE_METRICS,
  type BaselineComparison,
  type BaselineMetric,
  cellLabel,
  GATED_METRICS,
  MIN_BASELINE_ROUNDS,
  type RunChange,
  type RunLabel,
  runShift,
  unchangedShare,
} from '../analyse/baseline.js';

/** The plain ratio: `~` marks an interval that holds 1; its direction is read in the verdict column beside it. */
const cellText = (c: RunChange | null): string => (c === null ? '—' : formatRatio(c));

/** The verdict against the run's shift: the column a reader checks first. */
const againstText = (c: RunChange | null): string =>
  c === null ? '—' : c.againstRun === null ? `${c.verdict} ¹` : c.againstRun.verdict;

/** A count of figures that moved, for the summary line: "3 worse, 1 better". */
function moved(comparison: BaselineComparison, metric: BaselineMetric, againstRun = false): string {
  const verdicts = comparison.cells.map((c) =>
    againstRun ? c.changes[metric]?.againstRun?.verdict : c.changes[metric]?.verdict,
  );
  const worse = verdicts.filter((v) => v === 'worse').length;
  const better = verdicts.filter((v) => v === 'better').length;
  return `${worse} worse, ${better} better`;
}

const pct = (share: number) => `${Math.round(share * 100)} %`;

/** A run's machine in a phrase: how many slices were disturbed, what other processes used. */
const machineOf = (run: RunLabel) =>
  run.disturbedShare === null
    ? 'not read'
    : `${pct(run.disturbedShare)} of slices disturbed (mean other processes ${run.othersPct ?? '?'} %, steal ${run.stealPct ?? '?'} %)`;

/**
 * The whole-run shift and the machine of each run: when every cell moved one way, this is the
 * line that says whether the machine moved them.
 */
function shiftLine(comparison: BaselineComparison): string {
  const shifts = BASELINE_METRICS.map(({ metric, label }) => {
    const shift = comparison.shifts[metric];
    if (shift !== null)
      return `${label} ${formatRatio({ ...shift, significance: significanceOf(shift.interval) })}, a cell's own scatter ±${Math.round((shift.scatter - 1) * 100)} %`;
    const median = runShift(comparison, metric);
    return `${label} ${median === null ? '—' : `${median.toFixed(2)}×`}`;
  }).join('; ');
  return (
    `Whole-run shift (median new ÷ old over the cells, 95 %): ${shifts}. The machine: saved run ${machineOf(comparison.old)}; ` +
    `this run ${machineOf(comparison.new)}. A busier machine in one run moves every cell alike; a change to one server moves its own cells against that shift. ` +
    `"÷ run" reads each cell against the shift, with the shift's uncertainty and the cells' scatter between runs in its interval: ` +
    'did this cell move more than the whole run? A change that moves most cells alike (a runtime upgrade, the load generator) shows in the shift and the plain column, not there.'
  );
}

const gated = (metric: BaselineMetric) => GATED_METRICS.includes(metric);

/** The comparison as lines of text: a caveat, what changed, the table, a summary and the cells left out. */
export function renderBaseline(comparison: BaselineComparison, style: 'terminal' | 'markdown'): string {
  const table: Table = {
    // A verdict column for the figures the gate reads (p99's is in --json): the table stays within 120 columns.
    header: [
      'cell',
      ...BASELINE_METRICS.flatMap((m) => [`${m.label} new ÷ old`, ...(gated(m.metric) ? ['÷ run'] : [])]),
    ],
    rows: comparison.cells.map((cell) => [
      cellLabel(cell),
      ...BASELINE_METRICS.flatMap((m) => [
        cellText(cell.changes[m.metric]),
        ...(gated(m.metric) ? [againstText(cell.changes[m.metric])] : []),
      ]),
    ]),
  };
  const tooFew = comparison.cells.some((c) =>
    BASELINE_METRICS.some((m) => {
      const change = c.changes[m.metric];
      return change !== null && change.interval === null;
    }),
  );
  const share = unchangedShare(comparison);
  const read = comparison.cells.filter((c) => c.changes.reqPerSec !== null).length;
  const againstRun =
    comparison.shifts.reqPerSec === null
      ? ''
      : ` Against the whole run (÷ run): req/s ${Math.round(unchangedShare(comparison, 'reqPerSec', true) * 100)} % ~, ` +
        `${moved(comparison, 'reqPerSec', true)}; p99 ${moved(comparison, 'p99Ms', true)}; CPU/reply ${moved(comparison, 'cpuUsPerReply', true)}.`;
  const lines = [
    `Against the saved run of ${comparison.old.date} (commit ${comparison.old.commit}): new ÷ old, with 95 % intervals between the runs (${comparison.method === 'hodges-lehmann' ? 'Hodges–Lehmann with the Mann–Whitney interval' : "Welch's t on log values"}, from each run's per-round values, unpaired). This is weaker than the paired ratios within a run: a whole run on a slower machine moves every cell, and no interval here can see it.`,
    comparison.differences.length > 0
      ? `What changed: ${comparison.differences.join('; ')}.`
      : 'What changed: nothing the runs record (same commit, runtimes and settings).',
  ].map((l) => wrap(l, 118, ''));
  const summary = [
    `req/s: ${Math.round(share * 100)} % of ${read} cells ~; ${moved(comparison, 'reqPerSec')}. ` +
      `p99: ${moved(comparison, 'p99Ms')}. CPU/reply: ${moved(comparison, 'cpuUsPerReply')}.${againstRun}`,
    shiftLine(comparison),
    ...(comparison.cells.some((c) => BASELINE_METRICS.some((m) => c.changes[m.metric]?.againstRun === null))
      ? [
          `¹ the plain verdict: no reading against the run (the figure has no interval, or fewer than ${MIN_SHIFT_CELLS} cells have one to read a whole-run shift from).`,
        ]
      : []),
    ...(tooFew
      ? [
          `n/a: fewer than ${MIN_BASELINE_ROUNDS} usable rounds in a run, too few for a 95 % interval between runs.`,
        ]
      : []),
    ...(comparison.onlyOld.length > 0 ? [`Only in the saved run: ${comparison.onlyOld.join(', ')}.`] : []),
    ...(comparison.onlyNew.length > 0 ? [`Only in this run: ${comparison.onlyNew.join(', ')}.`] : []),
  ].map((l) => wrap(l, 118, ''));
  const rendered = style === 'markdown' ? markdownTable(table) : textTable(table);
  return [...lines, '', rendered, '', ...summary].join('\n');
}
