/**
 * Loaded into every test process by the `test` script (`--import`): however a test file ends —
 * the runner's per-file timeout (it sends SIGTERM), --test-force-exit, an uncaught error —
 * every process it started and left running is killed by PID, so no server outlives `npm test`
 * (an orphan holding the runner's stderr would keep CI waiting).
 *
 * Plain JavaScript, and only on the main thread: `--import` is inherited by worker threads (the
 * load generator's clients), which must neither need a TypeScript loader nor reap the test
 * process's servers when they end.
 */
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const { descendants } = await import('../../dist/launch/process-tree.js');
  const reapChildren = () => {
    // Deepest first, so a parent cannot re-fork a child that was just killed.
    for (const pid of descendants(process.pid).reverse()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', reapChildren);
  process.once('SIGTERM', () => {
    process.stderr.write(
      `test process ${process.pid}: SIGTERM (timed out?): stopping the processes it started\n`,
    );
    process.exit(143);
  });
}
