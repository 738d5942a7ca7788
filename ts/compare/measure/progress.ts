/** compare's live progress on stderr: one line per cell, redrawn in place on a terminal, with an ETA. */
import type { MeasurementRecord } from '../types.js';

/** `m:ss` of a number of seconds (never `1:60`: rounded before it is split). */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** What a finished cell shows: its rate, or for a cell with several groups, each group's own figure. */
export function cellFigure(record: MeasurementRecord): string {
  const rate = (x: number) => `${Math.round(x).toLocaleString('en-US')} req/s`;
  if (record.groups.length < 2) return rate(record.reqPerSec);
  // Mixed: a combined rate of an n=30 and an n=1 client means nothing; show each.
  return record.groups
    .map((g) => (g.notServed >= g.clients ? `n=${g.n} not served` : `n=${g.n} ${rate(g.reqPerSec)}`))
    .join(', ');
}

/** A progress reporter over `total` cells, each expected to take about `perCellS`. */
export function progressLine(
  planned: number,
  perCellS: number,
  write: (text: string, final: boolean) => void,
) {
  const startedAt = Date.now();
  let total = planned;
  let done = 0;
  const eta = () => {
    const elapsed = (Date.now() - startedAt) / 1000;
    return clock(done === 0 ? total * perCellS : (elapsed / done) * (total - done));
  };
  return {
    /** The budget printed before the run starts. */
    estimate: () => clock(total * perCellS),
    cell(label: string, record: MeasurementRecord, repeat: string) {
      done++;
      write(`[${done}/${total}] ${repeat}  ${label.padEnd(40)} ${cellFigure(record)}   ETA ${eta()}`, false);
    },
    /** More slices than planned (a map run's budget bought another round). */
    extend(slices: number) {
      total += slices;
    },
    failed(label: string, cells: number, message: string) {
      done += cells;
      write(`${label}: ${message}`, true);
    },
  };
}
