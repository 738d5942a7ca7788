/**
 * The HTTP behavioural suite on Bun and Deno: node:http must behave there as on Node (the same
 * server code runs on every runtime). event-loop and pool by default; FIBLAB_RUNTIMES_ALL=1 runs
 * every variant the support matrix lists for the runtime. A runtime that is not installed is a
 * skipped test that says why.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RUNTIMES, type Runtime } from '../ts/runtimes/registry.js';
import { variantSupport } from '../ts/runtimes/support.js';
import { VARIANTS } from '../ts/variants/registry.js';
import { untilBusy, untilIdle } from './helpers/cpu-evidence.js';
import { HttpClient } from './helpers/http-client.js';
import { httpSuite } from './helpers/http-suite.js';
import { skipUnlessRuntime } from './helpers/needs-tool.js';
import { watchdog } from './helpers/runtimes-suite.js';
import { startServer } from './helpers/server-process.js';
import { suiteLongN } from './helpers/work-size.js';

const ALL = process.env.FIBLAB_RUNTIMES_ALL === '1';

/** Cells seen failing over HTTP (FIBLAB_RUNTIMES_ALL=1 runs them anyway), with what failed. */
const HTTP_FAILS: Readonly<Record<string, string>> = {
  'cluster on bun':
    'isolation: a long fib on one connection held up n=1 on another (both served by one worker)',
};
const DEFAULT = ['event-loop', 'pool'];

// A bound on this file, as in runtimes-server-suite.test.ts: a hung server must not hang the run.
watchdog('http-runtimes', 4);

for (const runtime of RUNTIMES) {
  if (runtime.name !== 'bun' && runtime.name !== 'deno') continue;
  const missing = skipUnlessRuntime(runtime);
  if (missing) {
    test(`${runtime.name} over HTTP: skipped — ${missing}`, { skip: missing }, () => {});
    continue;
  }
  for (const variant of VARIANTS) {
    if (variant.kind !== 'ts' || !(ALL || DEFAULT.includes(variant.name))) continue;
    if (!variantSupport(runtime.name, variant.name).ok) continue;
    const fails = HTTP_FAILS[`${variant.name} on ${runtime.name}`];
    if (fails !== undefined && !ALL) {
      test(`${variant.name} on ${runtime.name} over HTTP: skipped — ${fails}`, { skip: fails }, () => {});
      continue;
    }
    // Measured on Node (work-size.ts); Bun's and Deno's JITs are within a small factor of it.
    const longN = suiteLongN(variant.strategy.startsWith('native') ? 'native' : 'js');
    httpSuite({ variant: variant.name, isolation: variant.isolation, longN, runtime });
    if (variant.name === 'pool') leaversRepeatedly(runtime, longN);
  }
}

/**
 * piscina stops the worker of a task whose client left; on Deno that worker's result could still
 * arrive, and piscina's 'error' event for it ended the server (seen in a few rounds of this).
 */
function leaversRepeatedly(runtime: Runtime, longN: number): void {
  test(`pool on ${runtime.name} over HTTP: ten clients in a row leave mid-request; every later request is answered`, async (t) => {
    const server = await startServer('pool', ['--transport', 'http'], {}, { runtime });
    t.after(() => server.stop());
    for (let round = 0; round < 10; round++) {
      const leaver = await HttpClient.connect(server.port);
      const baseline = await untilIdle(server.pid);
      // One computing, two waiting behind it; then a reset or a FIN, alternately.
      leaver.send([longN, longN, 20].map((n) => HttpClient.get(`/fib/${n}`)).join(''));
      await untilBusy(server.pid, baseline, `fib(${longN}), round ${round}`);
      if (round % 2 === 0) leaver.socket.resetAndDestroy();
      else leaver.socket.destroy();
      const client = await HttpClient.connect(server.port);
      assert.equal(await client.fib(20), '6765', `round ${round}: after a client left`);
      await client.close();
    }
  });
}
