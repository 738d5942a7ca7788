/**
 * github-action-benchmark's custom tools (https://github.com/benchmark-action/github-action-benchmark):
 * `customBiggerIsBetter` takes req/s, `customSmallerIsBetter` p99 and CPU per reply, each a JSON
 * array of `{name, unit, value, range?, extra?}`. `range` is `± <half-width>` in the value's unit
 * (the form the action parses); the exact 95 % bounds go in `extra`, which its charts show.
 */
import { formatRatioNumber } from '../../stats/format.js';
import { BASELINE_METRICS, type BaselineMetric } from '../analyse/baseline.js';
import type { CellFigures } from '../analyse/run-figures.js';

/** One entry of the action's custom formats. */
export interface BenchmarkResult {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

const round = (v: number) => Number(v.toPrecision(6));

function entries(cells: readonly CellFigures[], metrics: readonly BaselineMetric[]): BenchmarkResult[] {
  return cells.flatMap((cell) =>
    BASELINE_METRICS.filter((m) => metrics.includes(m.metric)).flatMap(({ metric, label, unit }) => {
      const f = cell.figures[metric];
      if (f === undefined) return [];
      const bounds = f.interval;
      return [
        {
          name: `${cell.label} ${label}`,
          unit,
          value: round(f.value),
          ...(bounds === null
            ? { extra: `${f.rounds} round(s): no interval` }
            : {
                range: `± ${round(Math.max(f.value - bounds.low, bounds.high - f.value))}`,
                extra: `95 % interval ${formatRatioNumber(bounds.low)}–${formatRatioNumber(bounds.high)} ${unit} over ${f.rounds} rounds`,
              }),
        },
      ];
    }),
  );
}

/** The two files the action reads: bigger is better (req/s), smaller is better (p99, CPU per reply). */
export function toGithubActionBenchmark(cells: readonly CellFigures[]): {
  bigger: BenchmarkResult[];
  smaller: BenchmarkResult[];
} {
  return {
    bigger: entries(cells, ['reqPerSec']),
    smaller: entries(cells, ['p99Ms', 'cpuUsPerReply']),
  };
}
