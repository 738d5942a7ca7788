import { formatShutdownLine, type ShutdownReport } from './shutdown-report.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The environment variable a fiblab server sets for the servers it starts and stops itself
 * (`many`'s instances, cluster workers, the `--uv-threadpool-size` re-execution).
 */
export const MANAGED_CHILD_ENV = 'FIBLAB_MANAGED_CHILD';

/** The environment entry that marks a child server as one its parent stops. */
export const MANAGED_CHILD = { [MANAGED_CHILD_ENV]: '1' } as const;

/** Whether this process is a server that a fiblab parent started and will stop. */
export function isManagedChild(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[MANAGED_CHILD_ENV] === '1';
}

/**
 * The first SIGINT/SIGTERM runs `shutdown` (graceful); a second one runs `force` (say, kill the
 * children) and exits at once with 130. Resolves once `shutdown` has finished. When `shutdown`
 * reports what it did, that goes to stderr in one line (a cluster worker reports to its primary
 * instead, a `many` launcher leaves it to its instances).
 *
 * A managed child (see {@link isManagedChild}) instead ignores SIGINT — a terminal's Ctrl-C
 * reaches the whole process group, and its parent, which got it too, will stop it — and takes
 * every SIGTERM as the same graceful stop: "now" is its parent's call (SIGKILL), so a SIGTERM
 * sent to the whole group and the parent's own cannot add up to a "second signal".
 */
export function onShutdownSignals(
  shutdown: () => Promise<ShutdownReport | undefined>,
  force?: () => void,
): Promise<void> {
  const managed = isManagedChild();
  return new Promise((resolve, reject) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      stopping = true;
      shutdown().then((report) => {
        if (report !== undefined) process.stderr.write(`${formatShutdownLine(signal, report)}\n`);
        for (const signal of SIGNALS) process.off(signal, onSignal);
        // A managed child keeps ignoring the group's Ctrl-C until it has exited.
        if (managed) process.on('SIGINT', () => {});
        resolve();
      }, reject);
    };
    const onSignal = (signal: NodeJS.Signals) => {
      if (managed) {
        if (signal === 'SIGTERM' && !stopping) stop(signal);
        return;
      }
      if (stopping) {
        force?.();
        process.stderr.write('fiblab: second signal, exiting now\n');
        process.exit(130);
      }
      stop(signal);
    };
    for (const signal of SIGNALS) process.on(signal, onSignal);
  });
}
