/**
 * `npm run soak:pool-stops -- --cycles N`: the `pool` strategy (piscina, four threads) started
 * and closed N times on every installed Node (the system's and the LTS), each close at another
 * point of its threads' start — where a SIGTERM right after start, or a thread replaced for a
 * client that left, lands. Each cycle asks fib(22) and fib(1) (checked exactly), waits 0 ms (half
 * the cycles) or a seeded random 0–30 ms, releases the connection and closes the pool.
 *
 * A thread terminated while Node's require(esm) links its task module aborts the whole process
 * (Node 20.20 and 24); the pool's threads load a CommonJS entry that import()s the task
 * (compute/fib-worker-entry.cts). With the task module given to piscina directly, 200 cycles of
 * four threads aborted Node 20 in 6 runs of 9, and 500 cycles of two aborted Node 24 in 1 run of
 * 3. npm test runs 200 cycles on the system Node (test/pool-stops.test.ts); the longer check on
 * both Nodes stays behind this script.
 *
 * Cycles run in child processes (100 each, scripts/pool-stops-child.mjs) so that an abort is seen
 * as the child's signal. Exit 1 on an abort, a wrong value or a child that does not finish;
 * prints cycles and time per runtime.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RUNTIMES, type Runtime } from '../dist/runtimes/registry.js';
import { seededRandom } from '../test/helpers/prng.js';

const PER_CHILD = 100;
const MAX_DELAY_MS = 30;
const CHILD_TIMEOUT_MS = 120_000;
const CHILD = fileURLToPath(new URL('./pool-stops-child.mjs', import.meta.url));

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '1200' },
    seed: { type: 'string', default: '7' },
    // A subset, e.g. `--runtimes node` (both Nodes by default).
    runtimes: { type: 'string', default: 'node,node-lts' },
  },
});
const cycles = Number(values.cycles);
const seed = Number(values.seed);
if (!Number.isInteger(cycles) || cycles < 1 || !Number.isInteger(seed)) {
  console.error('pool-stops: --cycles must be a whole number ≥ 1, --seed a whole number');
  process.exit(2);
}

/** One child, a cycle per delay, on `runtime`: undefined when it finished, else what went wrong. */
function child(runtime: Runtime, binary: string, delays: number[]): Promise<string | undefined> {
  const args = [...runtime.scriptArgs(), CHILD, delays.map((ms) => ms.toFixed(2)).join(',')];
  return new Promise((resolve) => {
    const proc = spawn(binary, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...runtime.env },
    });
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => proc.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(undefined);
      const first =
        stderr.split('\n').find((line) => /FATAL|Assert|Error/.test(line)) ?? stderr.slice(0, 200);
      resolve(`exit ${code ?? signal}: ${first.trim()}`);
    });
  });
}

const random = seededRandom(seed);
let failed = false;
const wanted = values.runtimes.split(',');
// Bun and Deno load worker modules their own way (no require(esm) there): the Nodes only.
for (const runtime of RUNTIMES.filter((r) => wanted.includes(r.name) && r.name.startsWith('node'))) {
  const binary = runtime.binary();
  if (binary === undefined) {
    console.log(`${runtime.label}: not installed, skipped (npm run runtimes:install)`);
    continue;
  }
  const started = performance.now();
  let done = 0;
  let problem: string | undefined;
  for (let first = 0; first < cycles && problem === undefined; first += PER_CHILD) {
    const count = Math.min(PER_CHILD, cycles - first);
    // Half the closes at once (the other thread is then still starting), half a little later.
    const delays = Array.from({ length: count }, () => (random() < 0.5 ? 0 : random() * MAX_DELAY_MS));
    problem = await child(runtime, binary, delays);
    if (problem === undefined) done += count;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (problem !== undefined) failed = true;
  console.log(
    `${runtime.label} ${await runtime.version()}: ${done} of ${cycles} cycles clean in ${seconds} s` +
      (problem === undefined ? '' : `; then ${problem}`),
  );
}
process.exitCode = failed ? 1 : 0;
