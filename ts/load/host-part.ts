/**
 * One load host's part of a run spread over several (`fiblab load --as-load-host JSON`, started
 * by the fiblab that runs the whole load): its clients connect, it says so, answers clock
 * readings, starts sending at the instant it is given, and prints its workers' raw figures for
 * the merge (host-messages.ts has the lines).
 */
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { describeEnvironment } from '../environment.js';
import { optionsError } from './errors.js';
import { preciseNow } from './host-clock.js';
import { type PartFigures, parseStartLine, progressLine } from './host-messages.js';
import { planLoad } from './plan.js';
import { checkRateCapacity } from './rate-capacity.js';
import { runWorkers } from './run.js';
import type { LoadOptions } from './types.js';

/** The last stretch before the start instant is waited on the CPU: a timer can fire a millisecond late. */
const SPIN_MS = 2;

/** The part's options from its JSON; ERR_LOAD_OPTIONS if it is not a LoadOptions document. */
export function partOptions(json: string): LoadOptions {
  let options: unknown;
  try {
    options = JSON.parse(json);
  } catch {
    throw optionsError('--as-load-host takes the part as JSON (it is started by fiblab load --load-host)');
  }
  if (typeof options !== 'object' || options === null || !Array.isArray((options as LoadOptions).groups)) {
    throw optionsError(
      '--as-load-host takes a JSON object with groups (it is started by fiblab load --load-host)',
    );
  }
  return options as LoadOptions;
}

/**
 * Runs the part: `input` carries `clock` and `start` lines, `write` prints a line; `orphaned` is
 * called if `input` ends before the part is done (the run that started it went away).
 */
export async function runLoadPart(
  options: LoadOptions,
  input: NodeJS.ReadableStream,
  write: (line: string) => void,
  orphaned: () => void,
): Promise<PartFigures> {
  // Its rate once a second from the agreed start: the run that started it adds the hosts' up.
  const plan = planLoad({ ...options, onProgress: (sample) => write(progressLine(sample)) });
  await checkRateCapacity(plan);
  const environment = describeEnvironment();
  let done = false;
  let startAt: ((at: number) => void) | undefined;
  const instant = new Promise<number>((resolve) => {
    startAt = resolve;
  });
  const reader = createInterface({ input });
  reader.on('line', (line) => {
    if (line === 'clock') write(`clock ${preciseNow().toFixed(3)}`);
    const at = parseStartLine(line);
    if (at !== undefined) startAt?.(at);
  });
  reader.on('close', () => {
    if (!done) orphaned();
  });
  let startedAtMs = 0;
  try {
    const figures = await runWorkers(plan, async () => {
      write('connected');
      const at = await instant;
      const wait = at - preciseNow() - SPIN_MS;
      if (wait > 0) await delay(wait);
      while (preciseNow() < at) {
        // the last SPIN_MS: a busy wait, so the start is on the instant and not a timer's tick after
      }
      startedAtMs = preciseNow();
    });
    return { ...figures, startedAtMs, environment };
  } finally {
    done = true;
    reader.close();
  }
}
