/**
 * Bencher Metric Format (https://bencher.dev/docs/reference/bencher-metric-format): one
 * benchmark per cell, with Bencher's built-in `throughput` (ops/s: req/s) and `latency`
 * (nanoseconds: the p99) measures and a `server-cpu-per-reply` measure (µs); each with
 * `lower_value` / `upper_value`, the 95 % interval over the run's rounds.
 */
import type { BaselineMetric } from '../analyse/baseline.js';
import type { CellFigures, RunFigure } from '../analyse/run-figures.js';

/** A BMF metric: a value and, optionally, its bounds. */
export interface BmfMetric {
  value: number;
  lower_value?: number;
  upper_value?: number;
}

/** BMF: benchmark name → measure slug → metric. */
export type Bmf = Record<string, Record<string, BmfMetric>>;

/** Each figure's measure slug and the factor from fiblab's unit to the measure's. */
const MEASURES: Record<BaselineMetric, { slug: string; scale: number }> = {
  reqPerSec: { slug: 'throughput', scale: 1 },
  p99Ms: { slug: 'latency', scale: 1e6 },
  cpuUsPerReply: { slug: 'server-cpu-per-reply', scale: 1 },
};

const metric = (f: RunFigure, scale: number): BmfMetric => ({
  value: f.value * scale,
  ...(f.interval === null
    ? {}
    : { lower_value: f.interval.low * scale, upper_value: f.interval.high * scale }),
});

/** The run's cells as a BMF document. */
export function toBmf(cells: readonly CellFigures[]): Bmf {
  return Object.fromEntries(
    cells.map((cell) => [
      `fiblab ${cell.label}`,
      Object.fromEntries(
        Object.entries(cell.figures).map(([name, figure]) => {
          const { slug, scale } = MEASURES[name as BaselineMetric];
          return [slug, metric(figure, scale)];
        }),
      ),
    ]),
  );
}
