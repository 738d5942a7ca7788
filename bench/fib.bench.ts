/**
 * `npm run bench`: fib(n) in-process — JS on the event loop, the Rust addon on the JS thread,
 * the addon on the libuv pool and JS on a piscina worker thread (both awaited one at a time, so
 * they show the round-trip cost of leaving the JS thread), the addon on its own FibPool; then the
 * hop itself (bench/hop.ts: fibAsync vs FibPool, serial and 64 at once, spin, idle CPU).
 * Correctness first: every implementation must return the same value before anything is timed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Piscina } from 'piscina';
import { Bench } from 'tinybench';
import { describeEnvironment, formatEnvironment } from '../ts/environment.js';
import { fib } from '../ts/fib.js';
import { FibPool, fibAsync, fib as nativeFib } from '../ts/native.js';
import { fibReference } from '../ts/reference.js';
import { formatHopReport, hopReport } from './hop.js';

const NS = [1, 10, 20, 25, 30];

// The pool strategy's own worker file, compiled (worker threads run JavaScript).
const pool = new Piscina<number, number>({
  filename: new URL('../dist/compute/fib-worker.js', import.meta.url).href,
  minThreads: 1,
  maxThreads: 1,
  idleTimeout: Number.POSITIVE_INFINITY,
});

const fibPool = new FibPool({ threads: 1 });

const implementations = {
  'js fib': (n: number) => fib(n),
  'native fib': (n: number) => nativeFib(n),
  'await native fibAsync': (n: number) => fibAsync(n),
  'await native FibPool pool.fib': (n: number) => fibPool.fib(n),
  'await piscina pool.run': (n: number) => pool.run(n),
} as const;

interface Row {
  n: number;
  implementation: string;
  meanUs: number;
  p99Us: number;
  opsPerSec: number;
  speedupVsJs: number;
  samples: number;
}

for (const n of NS) {
  const expected = Number(fibReference(n));
  for (const [name, run] of Object.entries(implementations)) {
    assert.equal(await run(n), expected, `${name}(${n}) must equal ${expected}`);
  }
}

const env = describeEnvironment();
console.log(formatEnvironment(env));
console.log('Note: one process, one core busy at a time; fibAsync is awaited serially.\n');

const rows: Row[] = [];
for (const n of NS) {
  const bench = new Bench({ name: `n=${n}`, time: 400, warmupTime: 100 });
  for (const [name, run] of Object.entries(implementations)) bench.add(name, () => run(n));
  await bench.run();
  let jsMean = Number.NaN;
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`${task.name} n=${n}: ${result.state}`);
    const meanUs = result.latency.mean * 1000;
    if (task.name === 'js fib') jsMean = meanUs;
    rows.push({
      n,
      implementation: task.name,
      meanUs,
      p99Us: result.latency.p99 * 1000,
      opsPerSec: 1000 / result.latency.mean,
      speedupVsJs: jsMean / meanUs,
      samples: result.latency.samplesCount,
    });
  }
}

const fmt = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(2)} µs`);
console.table(
  rows.map((r) => ({
    n: r.n,
    implementation: r.implementation,
    mean: fmt(r.meanUs),
    p99: fmt(r.p99Us),
    'ops/s': Math.round(r.opsPerSec).toLocaleString('en-US'),
    '× js': `${r.speedupVsJs.toFixed(2)}×`,
    samples: r.samples,
  })),
);

await pool.destroy();
await fibPool.close();

const hop = await hopReport();
console.log(
  `\nThe hop (bench/hop.ts; npm run bench:hop runs it on Bun and Deno too)\n${formatHopReport(hop)}`,
);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/fib-${env.date.replace(/[:.]/g, '-')}.json`, import.meta.url);
writeFileSync(file, `${JSON.stringify({ environment: env, rows, hop }, null, 2)}\n`);
console.log(`\nwrote ${file.pathname}`);
