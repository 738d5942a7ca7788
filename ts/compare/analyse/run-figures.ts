/**
 * A run's own figures per cell for tools that track runs over time (Bencher, github-action-benchmark):
 * the geometric mean over rounds of req/s, p99 and CPU per reply, each with a 95 % t-interval on
 * the log values (ts/stats/log-interval.ts; it holds 94–97 % from 5 rounds in the paired
 * benchmark). The dashboards draw the line and set their own thresholds.
 */
import { logInterval } from '../../stats/log-interval.js';
import type { Interval } from '../../stats/types.js';
import type { MeasurementRecord } from '../types.js';
import { BASELINE_METRICS, type BaselineMetric, type CellKey, cellsOf, figureOf } from './baseline.js';

/** One figure of a cell over its rounds. */
export interface RunFigure {
  /** Geometric mean over the rounds with a value. */
  value: number;
  /** 95 % interval; null with one round. */
  interval: Interval | null;
  rounds: number;
}

/** A cell's figures (a figure is absent when no round read it). */
export interface CellFigures extends CellKey {
  label: string;
  figures: Partial<Record<BaselineMetric, RunFigure>>;
}

/** Every cell of the records, in order of first appearance, with its figures. */
export function runFigures(records: readonly MeasurementRecord[]): CellFigures[] {
  return [...cellsOf(records)].map(([label, cell]) => {
    const figures: Partial<Record<BaselineMetric, RunFigure>> = {};
    for (const { metric } of BASELINE_METRICS) {
      const logs = cell.records.flatMap((r) => {
        const v = figureOf(r, metric);
        return v === undefined ? [] : [Math.log(v)];
      });
      if (logs.length === 0) continue;
      const log = logInterval(logs, 't');
      figures[metric] = {
        value: Math.exp(log.centre),
        interval: log.interval && { low: Math.exp(log.interval.low), high: Math.exp(log.interval.high) },
        rounds: logs.length,
      };
    }
    return { ...cell.key, label, figures };
  });
}
