/**
 * The behavioural server suite on every installed runtime other than the system Node (which
 * server-variants.test.ts covers), for every variant the support matrix (ts/runtimes/support.ts)
 * says passes. A runtime that is not installed, an unsupported cell and a slow cell are skipped
 * tests that say why. FIBLAB_RUNTIMES_ALL=1 runs every cell, unsupported ones included: the way
 * to re-establish the matrix after changing a runtime's version.
 */
import { test } from 'node:test';
import { RUNTIMES, runtimeAvailability } from '../ts/runtimes/registry.js';
import { flagSupport, variantSupport } from '../ts/runtimes/support.js';
import { VARIANTS } from '../ts/variants/registry.js';
import { descendants } from './helpers/server-process.js';
import { serverSuite } from './helpers/server-suite.js';

const ALL = process.env.FIBLAB_RUNTIMES_ALL === '1';

// A bound on this file: a server that never answers must not hang `npm test` (a suite's timeout
// would not: its servers and sockets keep the process alive). On expiry every process this file
// started is killed by PID and the file fails.
const WATCHDOG_MS = (ALL ? 15 : 4) * 60_000;
setTimeout(() => {
  process.stderr.write(`runtimes-server-suite: still running after ${WATCHDOG_MS / 1000} s: stopping\n`);
  for (const pid of descendants(process.pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  process.exit(1);
}, WATCHDOG_MS).unref();

// Supported, but left to FIBLAB_RUNTIMES_ALL=1 to keep `npm test` short.
const SLOW: Readonly<Record<string, string>> = {
  'worker-per-connection': 'slow: its 200-connection test starts 200 worker threads (10–30 s per runtime)',
};

const skipped = (name: string, reason: string) =>
  test(`${name}: skipped — ${reason}`, { skip: reason }, () => {});

for (const runtime of RUNTIMES) {
  if (runtime.name === 'node') continue;
  const availability = runtimeAvailability(runtime);
  if (!availability.ok) {
    skipped(`${runtime.label} (${runtime.name})`, availability.reason);
    continue;
  }
  for (const variant of VARIANTS) {
    if (variant.kind !== 'ts') continue;
    const name = `${variant.name} on ${runtime.name}`;
    const support = variantSupport(runtime.name, variant.name);
    const skip = support.ok ? SLOW[variant.name] : `not supported: ${support.reason}`;
    if (skip !== undefined && !ALL) {
      skipped(name, skip);
      continue;
    }
    // As in server-variants.test.ts: ~100 ms of CPU for JS fib(35) and for the addon's fib(38).
    const longN = variant.strategy.startsWith('native') ? 38 : 35;
    serverSuite({ variant: variant.name, isolation: variant.isolation, longN, runtime });
  }
  // The flag re-execs the server with UV_THREADPOOL_SIZE set: the suite checks the re-exec.
  const flag = flagSupport(runtime.name, '--uv-threadpool-size');
  if (!flag.ok && !ALL) {
    skipped(`native-async --uv-threadpool-size 2 on ${runtime.name}`, `not supported: ${flag.reason}`);
  } else {
    serverSuite({
      variant: 'native-async',
      isolation: 'answered-first',
      longN: 38,
      runtime,
      args: ['--uv-threadpool-size', '2'],
    });
  }
}
