/**
 * The watchdog process (started by parent-death-watchdog.ts, one per fiblab run): reads `+PID`
 * and `-PID` lines on stdin; when stdin ends (fiblab exited, normally or SIGKILLed), stops the
 * tree of every PID still registered, the same way on every OS (platform/tree.ts: SIGTERM to
 * each process, up to GRACE_MS, then SIGKILL), and exits. With none registered it exits at once.
 */
import { createInterface } from 'node:readline';
import { descendants, stopEach } from '../platform/tree.js';

/**
 * How long the trees get to end after SIGTERM before the SIGKILL: short, fiblab is gone and
 * nothing waits for their replies. Off /proc a process already ended but not yet reaped (its new
 * parent, init, reaps it) still answers kill(pid, 0), so this whole grace can pass.
 */
const GRACE_MS = 1000;

const registered = new Set<number>();

// A terminal's Ctrl-C or hang-up reaches the whole process group: the watchdog's work starts
// only if fiblab dies of it, so it must outlive it. SIGTERM and SIGKILL still end it.
for (const signal of ['SIGINT', 'SIGHUP'] as const) process.on(signal, () => {});

async function stopRegistered(): Promise<void> {
  await stopEach(
    [...registered].flatMap((pid) => [pid, ...descendants(pid)]),
    GRACE_MS,
  );
}

createInterface({ input: process.stdin })
  .on('line', (line) => {
    const pid = Number(line.slice(1));
    if (!Number.isInteger(pid) || pid <= 0) return;
    if (line.startsWith('+')) registered.add(pid);
    else if (line.startsWith('-')) registered.delete(pid);
  })
  .on('close', () => {
    void stopRegistered().finally(() => process.exit(0));
  });
