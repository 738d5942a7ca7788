/**
 * What the fiblab on a load host and the one that runs the whole load say to each other, one line
 * each, over the host process's stdin and stdout (an ssh channel for a remote host):
 *
 *   host → here   `connected`            every client of its part has tried to connect
 *   here → host   `clock`                asks for its clock; it answers `clock <ms since the epoch>`
 *   here → host   `start <ms>`           start sending at that instant of its own clock
 *   host → here   `progress <json>`      its rate over the last second (ProgressSample), once a second
 *   host → here   `figures <json>`       its workers' raw figures (PartFigures), once its part is done
 *
 * EOF on its stdin ends the host's part at once: a run that went away leaves nothing running.
 */
import type { Environment } from '../environment.js';
import type { WorkerFigures } from './run.js';
import type { ProgressSample } from './types.js';

/** A host's part, done: the raw figures every histogram and count of the merged report is built from. */
export interface PartFigures extends WorkerFigures {
  /** When its clients were told to start, by its own clock, ms since the epoch (µs precision). */
  startedAtMs: number;
  environment: Environment;
}

/** One line from a load host. */
export type HostLine =
  | { kind: 'connected' }
  | { kind: 'clock'; at: number }
  | { kind: 'progress'; sample: ProgressSample }
  | { kind: 'figures'; figures: PartFigures };

/** Reads one line a load host printed; undefined for anything else (a stray line is not an answer). */
export function parseHostLine(line: string): HostLine | undefined {
  if (line === 'connected') return { kind: 'connected' };
  const clock = /^clock (\d+(?:\.\d+)?)$/.exec(line);
  if (clock !== null) return { kind: 'clock', at: Number(clock[1]) };
  if (line.startsWith('progress '))
    return { kind: 'progress', sample: JSON.parse(line.slice('progress '.length)) };
  if (line.startsWith('figures ')) {
    const figures = JSON.parse(line.slice('figures '.length)) as PartFigures;
    return { kind: 'figures', figures };
  }
  return undefined;
}

/** `start <ms>` for a host whose clock reads `atHostMs` at the agreed instant. */
export const startLine = (atHostMs: number): string => `start ${atHostMs.toFixed(3)}`;

/** The instant of a `start` line, or undefined. */
export function parseStartLine(line: string): number | undefined {
  const match = /^start (\d+(?:\.\d+)?)$/.exec(line);
  return match === null ? undefined : Number(match[1]);
}

/** `progress <json>`: a host's live sample. */
export const progressLine = (sample: ProgressSample): string => `progress ${JSON.stringify(sample)}`;
