/**
 * The portable parent-death (macOS, Windows, FIBLAB_PLATFORM=portable): one small watchdog
 * process per fiblab run, started with the first child it must watch, with a pipe from this
 * process as its stdin. A line per event goes down the pipe (`+PID` started, `-PID` exited); when
 * the pipe ends — this process exited, however: the kernel closes a SIGKILLed process's fds too —
 * the watchdog stops the tree of each PID still registered (parent-death-watchdog-main.ts).
 * It is this process's child, beside the servers and never above them, so no measured tree holds
 * it; idle, it waits on one read. parent-death.ts is what the rest of fiblab imports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../runtimes/registry.js';

/** The watchdog's program: always dist/, like the servers, even when this module runs from ts/ (tests). */
export const WATCHDOG_PATH = join(PROJECT_ROOT, 'dist', 'launch', 'parent-death-watchdog-main.js');

let watchdog: ChildProcess | undefined;

/** This run's watchdog, started on first use; neither it nor its pipe keeps this process alive. */
function theWatchdog(): ChildProcess {
  if (watchdog !== undefined) return watchdog;
  // stderr inherited: a watchdog that cannot start says why where fiblab's own messages go.
  const started = spawn(process.execPath, [WATCHDOG_PATH], { stdio: ['pipe', 'ignore', 'inherit'] });
  started.once('error', (error) =>
    process.stderr.write(
      `fiblab: warning: no parent-death watchdog (${error.message}): a SIGKILLed fiblab may leave servers running\n`,
    ),
  );
  // A watchdog that died early makes each write fail (EPIPE): nothing more can be done for it.
  started.stdin?.on('error', () => {});
  started.unref();
  (started.stdin as unknown as { unref(): void } | null)?.unref();
  watchdog = started;
  return started;
}

/** The watchdog's PID, once started (tests). */
export const watchdogPid = (): number | undefined => watchdog?.pid;

/** Registers `child` with this run's watchdog until it exits: if this process ends first, the watchdog stops its tree. */
export function watchChild(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const stdin = theWatchdog().stdin;
  stdin?.write(`+${pid}\n`);
  // On exit, not on the stop request: a PID is forgotten only once it is truly gone.
  child.once('exit', () => stdin?.write(`-${pid}\n`));
}
