/**
 * A made-up saved compare run for the baseline tests: an environment like a real run's, and
 * records per cell and round from figures a test chooses, with each round's noise its own.
 */
import { type CompareDocument, documentOf } from '../../ts/compare/analyse/document.js';
import type { CompareEnvironment, MeasurementRecord } from '../../ts/compare/types.js';
import { gaussian, seededRandom } from './prng.js';
import { sliceRecord } from './slice-record.js';

/** A run's environment: the development machine, default slices. */
export function environment(changes: Partial<CompareEnvironment> = {}): CompareEnvironment {
  return {
    cpuModel: 'Intel(R) Xeon(R) Processor',
    cores: 2,
    memoryGiB: 8,
    os: 'Linux 6.1 x64',
    node: 'v20.20.0',
    uvThreadpoolSize: '4 (default)',
    gitCommit: 'abc1234',
    date: '2026-12-01T00:00:00.000Z',
    runtimes: { node: '20.20.0' },
    npm: '11',
    cargo: 'cargo 1.90',
    go: 'go1.25',
    python: 'Python 3.12',
    timing: { startWarmupS: 1, warmupS: 0.15, sliceS: 0.4 },
    rounds: 6,
    precision: null,
    atStart: null,
    plan: { servers: 2, slicesPerRound: 4 },
    ...changes,
  };
}

/** A cell's true figures; each round's are these times its own noise (σ 3 % on the log scale). */
export interface TrueCell {
  variant: string;
  scenario?: 'io' | 'cpu';
  clients?: number;
  reqPerSec: number;
  p99Ms: number;
  cpuUsPerReply: number;
}

/** Records of `rounds` rounds of `cells`, noise seeded by `seed`. */
export function records(cells: readonly TrueCell[], rounds: number, seed: number): MeasurementRecord[] {
  const random = seededRandom(seed);
  const noisy = (v: number) => v * Math.exp(0.03 * gaussian(random));
  return Array.from({ length: rounds }, (_, round) =>
    cells.map((c) => {
      const scenario = c.scenario ?? 'io';
      const n = scenario === 'io' ? 1 : 22;
      return sliceRecord({
        variant: c.variant,
        scenario,
        clients: c.clients ?? 1,
        n,
        round,
        reqPerSec: noisy(c.reqPerSec),
        latencyMs: { p50: c.p99Ms / 3, p90: c.p99Ms / 2, p99: noisy(c.p99Ms), max: c.p99Ms * 2 },
        serverCpu: 90,
        cpuUsPerReply: noisy(c.cpuUsPerReply),
        serverRssMiB: 50,
        clientCpu: 40,
        clientWorkers: 1,
        durationS: 0.4,
      });
    }),
  ).flat();
}

/** A saved run: its environment and records (what the baseline comparison reads). */
export function savedRun(
  cells: readonly TrueCell[],
  options: { rounds?: number; seed: number; environment?: Partial<CompareEnvironment> },
): Pick<CompareDocument, 'environment' | 'records'> {
  return {
    environment: environment(options.environment),
    records: records(cells, options.rounds ?? 6, options.seed),
  };
}

/** A whole saved document of `cells` (what `fiblab diff` and `compare --from` read), as JSON text. */
export function savedDocument(
  cells: readonly TrueCell[],
  options: { rounds?: number; seed: number; environment?: Partial<CompareEnvironment> },
): string {
  const run = savedRun(cells, options);
  const document = documentOf(
    { ...run, unavailable: [], runtimes: ['node'], nativeFibMs: 10, nativeLimitReqPerSec: 200 },
    ['io', 'cpu'],
    [1, 2],
  );
  return `${JSON.stringify(document, null, 2)}\n`;
}
