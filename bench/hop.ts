/**
 * The hop: what one `await` of fib(1) off the JS thread costs, the work itself being ~nothing.
 * `await fibAsync(1)` (a libuv work item + uv_async per call) against `await pool.fib(1)` on a
 * FibPool (Rust threads, one threadsafe function per pool, completions batched per wake-up),
 * with its default adaptive spin and with fixed spins from 0 to 200 µs; serially and 64 at a
 * time (cost per call); the adaptive spin's serial median ÷ the best fixed one's; plus the CPU
 * an idle pool burns. Runs on Node (`node --import tsx bench/hop.ts`), Bun (`bun bench/hop.ts`) and Deno;
 * `npm run bench:hop` runs it on every installed runtime. `--json` prints one JSON line.
 * About 10 s per runtime.
 */
import { createRequire } from 'node:module';

interface NativeApi {
  fibAsync(n: number): Promise<number>;
  FibPool: new (options?: {
    threads?: number;
    spinMicros?: number | 'auto';
  }) => {
    fib(n: number): Promise<number>;
    close(): Promise<void>;
    threads: number;
    spin?: { budgetMicros: number; wakeMicros?: number; hits: number; misses: number; parks: number };
  };
}

// The package's CommonJS entry, as every runtime loads it (no TypeScript build needed).
const native = createRequire(import.meta.url)('../packages/native/index.js') as NativeApi;

/** The fixed spins the adaptive default is compared with (0 = never spin). */
export const FIXED_SPINS = [0, 10, 25, 50, 100, 200] as const;
const SERIAL_ROUNDS = 60;
const SERIAL_PER_ROUND = 100;
const BATCH_ROUNDS = 60;
const BATCH = 64;

export interface HopRow {
  what: string;
  /** Median over rounds of the mean µs per call within a round. */
  medianUs: number;
  /** CPU (user + system, every thread of the process) per call, µs. */
  cpuPerCallUs: number;
}

export interface HopReport {
  runtime: string;
  rows: HopRow[];
  /** CPU burned over one idle second by a pool right after its last call, ms. */
  idleCpuMs: Record<string, number>;
  /** The adaptive spin's serial median ÷ the best fixed spin's (the target: ≤ 1.2). */
  autoOverBestFixed: number;
  /** What the adaptive spin measured on this machine: its budget and the wake-up cost, µs. */
  adaptive: { budgetMicros: number; wakeMicros: number; hits: number; misses: number; parks: number };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? Number.NaN;
};
const cpuUs = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/**
 * Rounds of `perRound` calls, each round timed as a whole (robust to a coarse timer), the
 * implementations interleaved round by round so they all see the same machine; the median of
 * the rounds' means resists a noisy neighbour.
 */
async function measure(
  label: string,
  calls: Array<[string, () => Promise<unknown>]>,
  perRound: number,
  rounds: number,
): Promise<HopRow[]> {
  for (const [, round] of calls) for (let i = 0; i < 5; i++) await round(); // warm-up
  const means = calls.map(() => [] as number[]);
  const cpu = calls.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    for (const [i, [, round]] of calls.entries()) {
      const cpuBefore = cpuUs();
      const start = performance.now();
      await round();
      means[i]?.push(((performance.now() - start) * 1000) / perRound);
      cpu[i] = (cpu[i] ?? 0) + cpuUs() - cpuBefore;
    }
  }
  return calls.map(([what], i) => ({
    what: `${what} ${label}`,
    medianUs: median(means[i] ?? []),
    cpuPerCallUs: (cpu[i] ?? 0) / (rounds * perRound),
  }));
}

const serial = (call: () => Promise<number>) => async () => {
  for (let i = 0; i < SERIAL_PER_ROUND; i++) await call();
};
const batch = (call: () => Promise<number>) => () => Promise.all(Array.from({ length: BATCH }, call));

async function idleCpuMs(): Promise<number> {
  const before = cpuUs();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return (cpuUs() - before) / 1000;
}

export async function hopReport(): Promise<HopReport> {
  const runtime =
    (process.versions as Record<string, string | undefined>).bun !== undefined
      ? `bun ${(process.versions as Record<string, string>).bun}`
      : (globalThis as { Deno?: { version: { deno: string } } }).Deno !== undefined
        ? `deno ${(globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno}`
        : `node ${process.version}`;
  // Created first, so that it measures the wake-up (once per process) on a quiet process.
  const adaptive = new native.FibPool();
  const fixed = FIXED_SPINS.map((spinMicros) => [spinMicros, new native.FibPool({ spinMicros })] as const);
  const pools = [adaptive, ...fixed.map(([, pool]) => pool)];
  for (const pool of pools) {
    if ((await pool.fib(20)) !== 6765) throw new Error('pool.fib(20) must be 6765');
  }
  if ((await native.fibAsync(20)) !== 6765) throw new Error('fibAsync(20) must be 6765');
  const calls: Array<[string, () => Promise<number>]> = [
    ['await fibAsync(1) (AsyncTask)', () => native.fibAsync(1)],
    ['await pool.fib(1), adaptive spin (default)', () => adaptive.fib(1)],
    ...fixed.map(([spinMicros, pool]): [string, () => Promise<number>] => [
      `await pool.fib(1), spinMicros ${spinMicros}`,
      () => pool.fib(1),
    ]),
  ];
  const serialRows = await measure(
    'serial',
    calls.map(([what, call]) => [what, serial(call)]),
    SERIAL_PER_ROUND,
    SERIAL_ROUNDS,
  );
  const rows = [
    ...serialRows,
    ...(await measure(
      `×${BATCH} concurrent`,
      calls.map(([what, call]) => [what, batch(call)]),
      BATCH,
      BATCH_ROUNDS,
    )),
  ];
  const [, adaptiveRow, ...fixedRows] = serialRows;
  const bestFixed = Math.min(...fixedRows.map((row) => row.medianUs));
  const idle: Record<string, number> = {};
  for (const [what, pool] of [
    ['adaptive spin', adaptive],
    ...fixed
      .filter(([spinMicros]) => spinMicros === 0 || spinMicros === 200)
      .map(([spinMicros, pool]) => [`spinMicros ${spinMicros}`, pool] as const),
  ] as const) {
    for (let i = 0; i < 100; i++) await pool.fib(1); // close calls: a spin is armed
    idle[what] = await idleCpuMs();
  }
  const spin = adaptive.spin ?? { budgetMicros: Number.NaN, hits: 0, misses: 0, parks: 0 };
  for (const pool of pools) await pool.close();
  return {
    runtime,
    rows,
    idleCpuMs: idle,
    autoOverBestFixed: (adaptiveRow?.medianUs ?? Number.NaN) / bestFixed,
    adaptive: {
      budgetMicros: spin.budgetMicros,
      wakeMicros: spin.wakeMicros ?? Number.NaN,
      hits: spin.hits,
      misses: spin.misses,
      parks: spin.parks,
    },
  };
}

export function formatHopReport(report: HopReport): string {
  const lines = [`${report.runtime}: median µs per call (CPU µs per call, all threads)`];
  for (const row of report.rows) {
    lines.push(
      `  ${row.what.padEnd(58)} ${row.medianUs.toFixed(1).padStart(7)} µs  (cpu ${row.cpuPerCallUs.toFixed(1)} µs)`,
    );
  }
  for (const [what, ms] of Object.entries(report.idleCpuMs)) {
    lines.push(`  idle pool (${what}), CPU over 1 s right after a call: ${ms.toFixed(1)} ms`);
  }
  const { budgetMicros, wakeMicros, hits, misses, parks } = report.adaptive;
  lines.push(
    `  adaptive spin: wake-up measured ${wakeMicros.toFixed(1)} µs, spin budget ${budgetMicros.toFixed(1)} µs; spins that found a call ${hits}, that did not ${misses}; parks ${parks}`,
  );
  lines.push(`  adaptive ÷ best fixed spin, serial median: ${report.autoOverBestFixed.toFixed(2)}×`);
  return lines.join('\n');
}

// Run directly (any runtime): print the report, as JSON with --json.
const entry = process.argv[1] ?? '';
if (/hop\.ts$/.test(entry)) {
  const report = await hopReport();
  console.log(process.argv.includes('--json') ? JSON.stringify(report) : formatHopReport(report));
}
