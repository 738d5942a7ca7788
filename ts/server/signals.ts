const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The first SIGINT/SIGTERM runs `shutdown` (graceful); a second one exits at once with 130.
 * Resolves once `shutdown` has finished.
 */
export function onShutdownSignals(shutdown: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = () => {
      if (stopping) {
        process.stderr.write('fiblab: second signal, exiting now\n');
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
