/**
 * The behavioural server suite on every installed runtime other than the system Node (which
 * server-variants.test.ts covers), for the variants a test file picks, where the support matrix
 * (ts/runtimes/support.ts) says they pass; a cell the matrix marks "refused" is checked to be
 * refused. A runtime that is not installed and an unsupported cell are skipped tests that say
 * why. FIBLAB_RUNTIMES_ALL=1 runs every cell, unsupported ones included: the way to re-establish
 * the matrix after changing a runtime's version.
 *
 * Split in two by cost: runtimes-server-suite.test.ts (every `npm test`) runs the runtimes issue's
 * floor, and test/slow/runtimes-server-matrix.test.ts (`npm run test:slow`) every other cell.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { RUNTIMES, type Runtime } from '../../ts/runtimes/registry.js';
import { flagSupport, variantSupport } from '../../ts/runtimes/support.js';
import { VARIANTS } from '../../ts/variants/registry.js';
import { skipUnlessRuntime } from './needs-tool.js';
import { CLI, descendants } from './server-process.js';
import { serverSuite } from './server-suite.js';
import { suiteLongN } from './work-size.js';

const ALL = process.env.FIBLAB_RUNTIMES_ALL === '1';

/** The runtimes issue's acceptance floor: these run on every runtime (runtimes-support-matrix.test.ts). */
export const FLOOR_VARIANTS: readonly string[] = ['event-loop', 'pool', 'native-async'];

// worker-per-connection starts a thread per connection (10–30 s for 200 on Bun and Deno): its
// "all at once" test runs with fewer connections there, and every other test as it is.
const CONNECTIONS: Readonly<Record<string, number>> = { 'worker-per-connection': 20 };

/**
 * A bound on the calling file: a server that never answers must not hang the run (a suite's
 * timeout would not: its servers and sockets keep the process alive). On expiry every process
 * the file started is killed by PID and the file fails.
 */
export function watchdog(file: string, minutes: number): void {
  const ms = (ALL ? 15 : minutes) * 60_000;
  setTimeout(() => {
    process.stderr.write(`${file}: still running after ${ms / 1000} s: stopping\n`);
    for (const pid of descendants(process.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(1);
  }, ms).unref();
}

/**
 * `fiblab serve` with `args` on `runtime`, expected to refuse them: resolves with its exit
 * status and stderr (bounded; SIGKILLed by PID if it starts serving instead).
 */
async function refusal(runtime: Runtime, args: string[]): Promise<{ code: number | string; stderr: string }> {
  const child = spawn(runtime.binary() as string, [...runtime.scriptArgs(), CLI, 'serve', ...args], {
    env: { ...process.env, ...runtime.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  const code = await new Promise<number | string>((resolve) =>
    child.once('close', (status, signal) => resolve(status ?? signal ?? -1)),
  );
  clearTimeout(timer);
  return { code, stderr };
}

const skipped = (name: string, reason: string) =>
  test(`${name}: skipped — ${reason}`, { skip: reason }, () => {});

/** What one file of the split runs on each runtime. */
export interface RuntimesPart {
  /** The TypeScript variants whose suite this file runs. */
  variants: (name: string) => boolean;
  /** The `--uv-threadpool-size` row: 'refused' checks the cells that refuse it, 'suite' runs the suite where it is supported. */
  threadpoolFlag: 'refused' | 'suite';
}

/** Defines the part's suites for every runtime but the system Node (call at the top level). */
export function runtimesServerSuite(part: RuntimesPart): void {
  for (const runtime of RUNTIMES) {
    if (runtime.name === 'node') continue;
    const missing = skipUnlessRuntime(runtime);
    if (missing) {
      skipped(`${runtime.label} (${runtime.name})`, missing);
      continue;
    }
    for (const variant of VARIANTS) {
      if (variant.kind !== 'ts' || !part.variants(variant.name)) continue;
      const name = `${variant.name} on ${runtime.name}`;
      const support = variantSupport(runtime.name, variant.name);
      if (!support.ok && !ALL) {
        skipped(name, `not supported: ${support.reason}`);
        continue;
      }
      // As in server-variants.test.ts: measured on Node (work-size.ts); Bun's and Deno's JITs are
      // within a small factor of it.
      const longN = suiteLongN(variant.strategy.startsWith('native') ? 'native' : 'js');
      const connections = CONNECTIONS[variant.name];
      serverSuite({ variant: variant.name, isolation: variant.isolation, longN, runtime, connections });
    }
    // The flag re-execs the server with UV_THREADPOOL_SIZE set: the suite checks the re-exec.
    // Where the matrix says "refused (exit 2)", that is what must happen.
    const flag = flagSupport(runtime.name, '--uv-threadpool-size');
    if (!flag.ok && !ALL) {
      if (part.threadpoolFlag !== 'refused') continue;
      test(`native-async --uv-threadpool-size 2 on ${runtime.name} is refused: exit 2, and why`, async () => {
        const { code, stderr } = await refusal(runtime, [
          ...['--variant', 'native-async', '--port', '0', '--uv-threadpool-size', '2'],
        ]);
        assert.equal(code, 2, `exit status (stderr: ${stderr.trim()})`);
        assert.match(
          stderr,
          /--uv-threadpool-size has no effect on (Bun|Deno): it runs N-API async work on its own pool/,
        );
        assert.match(stderr, /fiblab serve --help/);
      });
    } else if (part.threadpoolFlag === 'suite') {
      serverSuite({
        variant: 'native-async',
        isolation: 'answered-first',
        longN: suiteLongN('native'),
        runtime,
        args: ['--uv-threadpool-size', '2'],
      });
    }
  }
}
