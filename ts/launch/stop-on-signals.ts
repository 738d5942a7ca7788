/**
 * For a tool that starts servers of its own (compare): a SIGTERM, SIGINT or SIGHUP sent to it
 * alone (not to its process group, as a terminal's Ctrl-C is) must not leave them running.
 * What is under it is found the same way on every OS (platform/tree.ts) and signalled by PID.
 */
import { constants } from 'node:os';
import { descendants, signalEach, stopEach } from '../platform/tree.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** How long stragglers get after a SIGTERM before the SIGKILL. */
const STRAGGLER_GRACE_MS = 2000;

/**
 * The first SIGINT/SIGTERM/SIGHUP runs `stop` (bounded by the caller), then ends whatever this
 * process still has running under it, then exits with 128 + the signal's number; a second
 * signal SIGKILLs everything under this process and exits at once. Returns the function that
 * takes the handlers off again.
 */
export function stopOnSignals(stop: (signal: NodeJS.Signals) => Promise<void>): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = 128 + (constants.signals[signal] ?? 0);
    if (stopping) {
      signalEach(descendants(process.pid), 'SIGKILL');
      process.exit(code);
    }
    stopping = true;
    void stop(signal)
      .catch(() => {})
      .then(() => stopDescendants())
      .finally(() => process.exit(code));
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
}

/**
 * Every process still under this one (one being started, a load generator): SIGTERM to each,
 * SIGKILL after STRAGGLER_GRACE_MS to whatever of them is left.
 */
export async function stopDescendants(graceMs = STRAGGLER_GRACE_MS): Promise<void> {
  await stopEach(descendants(process.pid), graceMs);
}
