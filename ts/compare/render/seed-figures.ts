import type { SeedRow } from '../../variants/registry.js';

/** One row of the talk's tables: req/s with 1 and 2 clients; null = "无法对外提供服务" (not served). */
export interface SeedFigure {
  oneClient: number | 'n/a';
  twoClients: number | null | 'n/a';
}

/**
 * The talk's own figures (Python 3.8-era, the speaker's machine, perf2.py; see
 * shared/seed/python-concurrency-talk.md, "性能测试"). A reference column, not a measurement
 * of this machine: only ratios within one run compare.
 */
export const SEED_FIGURES: Record<'io' | 'cpu', Record<SeedRow, SeedFigure>> = {
  io: {
    one_server: { oneClient: 12_000, twoClients: null },
    thread_server: { oneClient: 12_000, twoClients: 16_000 },
    multiprocess_server: { oneClient: 3_500, twoClients: 4_300 },
    many_server: { oneClient: 12_000, twoClients: 20_000 },
    go_server: { oneClient: 12_000, twoClients: 20_000 },
    async_server: { oneClient: 8_000, twoClients: 14_000 },
    subinterpreters_server: { oneClient: 4_000, twoClients: 5_000 },
  },
  cpu: {
    one_server: { oneClient: 400, twoClients: null },
    thread_server: { oneClient: 400, twoClients: 400 },
    multiprocess_server: { oneClient: 400, twoClients: 700 },
    many_server: { oneClient: 400, twoClients: 800 },
    go_server: { oneClient: 7_500, twoClients: 11_000 },
    // The talk did not carry the async server into the CPU-bound table ("不再延伸").
    async_server: { oneClient: 'n/a', twoClients: 'n/a' },
    subinterpreters_server: { oneClient: 350, twoClients: 350 },
  },
};
