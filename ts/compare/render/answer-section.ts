/** The report section of fiblab's answer beside Go and the best seed row. */
import {
  ANSWER_GOAL_CEILING,
  ANSWER_GOAL_CPU_VS_GO,
  ANSWER_GOAL_P99_VS_GO,
  ANSWER_GOAL_VS_GO,
  type AnswerCell,
  answerVerdict,
} from '../analyse/answer.js';
import { int, loopLabel, ms, NO_PAIRS, na, type ReportStyle, ratio } from './format.js';
import type { ReportSection } from './section.js';

/** Why a cell has no ratio to the best seed row. */
const NO_SEED_ROW = 'no seed row ran in this cell';

const cellName = (c: AnswerCell, style: ReportStyle) =>
  c.scenario !== 'mixed'
    ? `${c.scenario} n=${c.n}, ${c.clients} cl.${c.measure === 'cpuUsPerReply' ? ' (CPU µs/reply †)' : ''}`
    : style === 'markdown'
      ? `mixed (I/O p99 ms beside fib(${c.n}), ${loopLabel(c.offered)})`
      : // The terminal's 120 columns: the loop in a word.
        `mixed p99 (${c.offered === undefined ? 'closed loop' : loopLabel(c.offered).replace('open loop, ', 'open ').replace(' req/s', '/s')})`;

/** The report section; undefined when the run did not measure the answer. */
export function answerSection(cells: readonly AnswerCell[], style: ReportStyle): ReportSection | undefined {
  if (cells.length === 0) return undefined;
  const figure = (c: AnswerCell, v: number | null) =>
    v === null
      ? na('not measured')
      : c.measure === 'p99Ms'
        ? ms(v)
        : c.measure === 'cpuUsPerReply'
          ? v.toFixed(1)
          : int(v);
  const header =
    style === 'markdown'
      ? [
          'cell',
          'answer',
          'Go',
          'answer ÷ Go',
          'best seed row',
          'answer ÷ best',
          'peak RSS MiB (Go)',
          'target',
        ]
      : ['cell', 'answer', 'Go', '÷ Go', 'best seed row', '÷ best', 'RSS (Go)', 'target'];
  const rows = cells.map((c) => [
    cellName(c, style),
    figure(c, c.answer),
    figure(c, c.go),
    ratio(c.vsGo, style, c.go === null ? 'no go here' : NO_PAIRS),
    c.best === undefined ? 'none' : `${c.best.variant} ${figure(c, c.best.value)}`,
    // No seed row ran: the terminal's 120 columns hold only "n/a"; the paragraph says why.
    c.best === undefined && style === 'terminal'
      ? 'n/a'
      : ratio(c.vsBest, style, c.best === undefined ? NO_SEED_ROW : NO_PAIRS),
    `${c.rssMiB === null ? na('not read') : int(c.rssMiB)} (${c.goRssMiB === null ? na('not read') : int(c.goRssMiB)})`,
    answerVerdict(c),
  ]);
  return {
    id: 'answer',
    title: "fiblab's answer beside Go and the best seed row",
    about: `\`answer\` is fiblab's own server (\`fiblab variants\`). req/s per cell (mixed: the I/O client's p99 in ms, lower is better, from the loop its row names: an open loop counts a stall for every request it delays, a closed loop once); ÷ is a paired ratio with its 95 % interval, \`~\` where it holds 1. Targets: ≥ ${ANSWER_GOAL_VS_GO}× Go with an interval above 1 in req/s, I/O p99 beside fib(30) ≤ ${ANSWER_GOAL_P99_VS_GO}× Go's, heavy ≥ ${ANSWER_GOAL_CEILING * 100} % of the addon's own ceiling.${cells.some((c) => c.measure === 'cpuUsPerReply') ? ` † A cell whose req/s measures thread placement (a few µs of server CPU per reply, the load generator on the same cores) compares server CPU µs per reply instead, lower is better; target ≤ ${ANSWER_GOAL_CPU_VS_GO}× Go's.` : ''} Server and load generator share the machine's cores.${cells.some((c) => c.best === undefined) ? ` Best seed row "none", ÷ best n/a: ${NO_SEED_ROW}.` : ''}`,
    tables: [{ table: { header, rows, align: ['l', 'r', 'r', 'r', 'l', 'r', 'r', 'l'] } }],
  };
}
