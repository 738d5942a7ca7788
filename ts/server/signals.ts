const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The first SIGINT/SIGTERM runs `shutdown` (graceful); a second one runs `abandon` (synchronous:
 * e.g. SIGKILL the processes this one started, so none outlives it) and exits at once with 130.
 * Resolves once `shutdown` has finished.
 */
export function onShutdownSignals(
  shutdown: () => Promise<void>,
  abandon: () => void = () => {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = () => {
      if (stopping) {
        process.stderr.write('fiblab: second signal, exiting now\n');
        abandon();
        process.exit(130);
      }
      stopping = true;
      shutdown().then(() => {
        for (const signal of SIGNALS) process.off(signal, onSignal);
        resolve();
      }, reject);
    };
    for (const signal of SIGNALS) process.on(signal, onSignal);
  });
}
