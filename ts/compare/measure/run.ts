/**
 * Measures a planned compare run as paired, interleaved slices: every server is started and
 * warmed first and stays up; then each round measures one short slice of every server in every
 * cell, cells rotated per round and servers in ABBA order (forward, then reversed), so any two
 * sides of a cell are measured seconds apart in every round and a slow moment of the machine
 * scales both. The rounds give the distribution of paired ratios (ratios.ts).
 */
import { describeEnvironment } from '../../environment.js';
import { stopOnSignals } from '../../launch/stop-on-signals.js';
import { LOAD_HOST_LIMITS } from '../../load/defaults.js';
import { isLoadError, LoadErrorCodes } from '../../load/errors.js';
import { LoadHosts } from '../../load/load-hosts.js';
import type { LoadOptions } from '../../load/types.js';
import { fib as nativeFib } from '../../native.js';
import { type NoiseSample, sampleMachine } from '../../noise/proc-stat.js';
import {
  installRuntimes,
  PROJECT_ROOT,
  runtimeAvailability,
  SYSTEM_RUNTIME,
} from '../../runtimes/registry.js';
import { roundOrder } from '../../stats/index.js';
import { headlineRatios, onSide } from '../analyse/ratios.js';
import type { CompareOptions } from '../options.js';
import { type Cell, cellLabel, LONG_N, SCENARIOS, sameCell } from '../scenarios.js';
import type { CompareEnvironment, MeasuredRun, MeasurementRecord, Timing } from '../types.js';
import { CAPACITY_ROUNDS, capacityOf, capacityTiming } from './capacity.js';
import { type FleetServer, startFleet, stopFleet } from './fleet.js';
import type { Launch } from './launchers.js';
import { type Plan, planRun, rotate } from './plan.js';
import { clock, progressLine } from './progress.js';
import { samplingReport } from './sampling.js';
import { measureSlice } from './slice.js';
import { toolVersions } from './tools.js';

/** What a measured run produced (the document adds summaries, ratios and warnings). */

/** Where a run reports as it goes (stderr for a person; nothing with --json). */
export interface RunHooks {
  log(line: string): void;
  progress(text: string, final: boolean): void;
  /** Called once the environment is known, before the first server starts. */
  started(environment: CompareEnvironment, budget: string): void;
}

/** The addon's in-process fib(LONG_N) time, ms: median of 15 (the heavy table's ceiling). */
function nativeFibMedianMs(): number {
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    nativeFib(LONG_N);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[7] as number;
}

async function environmentOf(
  options: CompareOptions,
  plan: Plan,
  steal: NoiseSample | undefined,
  rounds: number,
): Promise<CompareEnvironment> {
  const runtimes: Record<string, string> = {};
  for (const name of plan.runtimes) {
    const runtime = plan.sessions.find((s) => s.runtime.name === name)?.runtime;
    runtimes[name] =
      runtime !== undefined && runtimeAvailability(runtime).ok
        ? await runtime.version().catch((e: Error) => `unknown (${e.message})`)
        : 'not installed';
  }
  return {
    ...describeEnvironment(),
    runtimes,
    ...(await toolVersions()),
    timing: options.timing,
    rounds,
    precision: options.precision ?? null,
    atStart: steal ?? null,
    plan: {
      servers: plan.sessions.length,
      // A cell measured for a ladder's capacity alone is not part of the rounds.
      slicesPerRound: plan.sessions.reduce(
        (sum, s) => sum + s.cells.filter((c) => !plan.capacityOnly.some((k) => sameCell(k, c))).length,
        0,
      ),
    },
  };
}

/** Every cell of the plan once, in the order of the system runtime's first session. */
function cellsOf(plan: Plan): Cell[] {
  const cells: Cell[] = [];
  for (const session of plan.sessions) {
    for (const cell of session.cells) {
      if (!cells.some((c) => sameCell(c, cell))) cells.push(cell);
    }
  }
  return cells;
}

/** Why a slice measured over --load-host mixes unequal stretches of time (its hosts started too far apart), if it does. */
export function loadHostsOutOfStep(record: MeasurementRecord): string | undefined {
  const spreadMs = Math.max(0, ...(record.loadHosts ?? []).map((h) => h.startMs));
  const windowMs = record.durationS * 1000;
  if (spreadMs <= LOAD_HOST_LIMITS.startSpreadShare * windowMs) return undefined;
  return `the load hosts started ${spreadMs.toFixed(1)} ms apart, ${((spreadMs / windowMs) * 100).toFixed(1)} % of the window`;
}

/** Seconds of wall time one slice takes beyond its warm-up and window: load workers, connects, grace. */
const SLICE_OVERHEAD_S = 0.35;
/** A server's start and first warm-up, seconds, beyond `startWarmupS`. */
const START_S = 2;

/** An open-loop slice past its server's capacity drains its queue in the grace after the window: allow for it. */
const OPEN_LOOP_DRAIN_S = 0.2;

/** Wall seconds of one slice of `cell` (256 clients connect and get their first reply for longer). */
function sliceWallS(timing: Timing, cell: Cell): number {
  const scenario = SCENARIOS[cell.scenario];
  return (
    timing.warmupS +
    (scenario.extraWarmupS?.(cell) ?? 0) +
    Math.max(timing.sliceS, scenario.minSliceS?.(cell) ?? 0) +
    SLICE_OVERHEAD_S +
    (cell.offered === undefined ? 0 : OPEN_LOOP_DRAIN_S) +
    Math.max(0, cell.clients - 2) * 0.004
  );
}

/**
 * The plan's estimate: the servers' starts, the latency ladders' capacity rounds (if any), and
 * `rounds` rounds of every session's slices. With roundsFromBudget, the rounds are as many as fit
 * the budget (at least 2, at most `rounds`).
 */
export function estimateRun(
  plan: Plan,
  options: Pick<CompareOptions, 'timing' | 'rounds' | 'roundsFromBudget' | 'budgetS'>,
): { rounds: number; roundS: number; totalS: number; capacityS: number } {
  const inRounds = (c: Cell) => !(plan.capacityOnly ?? []).some((k) => sameCell(k, c));
  const roundS = plan.sessions.reduce(
    (sum, s) =>
      sum + s.cells.filter(inRounds).reduce((cellSum, c) => cellSum + sliceWallS(options.timing, c), 0),
    0,
  );
  const capacityS =
    CAPACITY_ROUNDS *
    plan.sessions.reduce(
      (sum, s) =>
        sum +
        s.cells
          .filter((c) => (plan.capacity ?? []).some((k) => sameCell(k, c)))
          .reduce((cellSum, c) => cellSum + sliceWallS(capacityTiming(options.timing), c), 0),
      0,
    );
  const startS = plan.sessions.length * (START_S + options.timing.startWarmupS) + capacityS;
  const rounds = options.roundsFromBudget
    ? Math.max(2, Math.min(options.rounds, Math.floor((options.budgetS - startS) / Math.max(roundS, 1e-3))))
    : options.rounds;
  return { rounds, roundS, totalS: startS + rounds * roundS, capacityS };
}

/** The shortest and longest slice a budget may choose (below 0.3 s a low rate gives too few replies for a p99). */
const BUDGET_SLICE_S = { min: 0.3, max: 3 } as const;

/**
 * The longest measured slice (to 0.05 s) with which the whole run fits `budgetS`: how a latency
 * run spends its budget (its rounds are fixed: the pairs of every ratio; a longer slice gives each
 * step's p99 more replies). At least {@link BUDGET_SLICE_S}.min, whatever the budget.
 */
export function sliceForBudget(
  plan: Plan,
  options: Pick<CompareOptions, 'timing' | 'rounds' | 'budgetS'>,
): number {
  const fits = (sliceS: number) =>
    estimateRun(plan, { ...options, roundsFromBudget: false, timing: { ...options.timing, sliceS } })
      .totalS <= options.budgetS;
  let sliceS: number = BUDGET_SLICE_S.min;
  while (sliceS + 0.05 <= BUDGET_SLICE_S.max && fits(sliceS + 0.05)) sliceS += 0.05;
  return Math.round(sliceS * 100) / 100;
}

/** Plans, starts the fleet, measures the rounds, stops the fleet. */
export async function measureRun(
  options: CompareOptions,
  hooks: RunHooks,
  launch: Launch,
): Promise<MeasuredRun> {
  const runStartedAt = performance.now();
  let plan = await planRun(options);
  if (plan.unavailable.some((u) => u.reason.startsWith('not installed: run `npm run runtimes:install`'))) {
    hooks.log('installing the pinned JS runtimes into runtimes/node_modules (npm ci, once)…');
    try {
      await installRuntimes({ log: hooks.log });
    } catch (error) {
      hooks.log(`could not install every runtime (${(error as Error).message}); those rows say so`);
    }
    plan = await planRun(options);
  }
  // A latency run spends its budget on longer slices (its rounds are fixed), and says so.
  const timing = options.sliceFromBudget
    ? { ...options.timing, sliceS: sliceForBudget(plan, options) }
    : options.timing;
  const estimate = estimateRun(plan, { ...options, timing });
  if (plan.capacity.length > 0) {
    hooks.log(
      `latency: ${plan.sessions.length} servers, capacity first (${CAPACITY_ROUNDS} rounds), then ${estimate.rounds} rounds of the ladder with ${timing.sliceS} s slices${options.sliceFromBudget ? ` (the longest that fit the ${clock(options.budgetS)} budget)` : ''}: about ${clock(estimate.totalS)}`,
    );
  }
  // Map runs may end sooner or go on longer, as the budget allows (the loop below).
  let rounds = estimate.rounds;
  const environment = {
    ...(await environmentOf({ ...options, timing }, plan, await sampleMachine(1000), rounds)),
    servers:
      options.loadHosts === undefined
        ? launch.where
        : `${launch.where}; the load from ${options.loadHosts.map((h) => h.destination).join(', ')}`,
    sampling: await samplingReport(launch.where.startsWith('this machine')),
  };
  const nativeFibMs = nativeFibMedianMs();

  const budgetS =
    options.precision === undefined ? estimate.totalS : Math.max(estimate.totalS, options.budgetS);
  hooks.started(environment, clock(budgetS));

  const unavailable = [...plan.unavailable];
  // A signal to this process alone (not a Ctrl-C to its group) must not leave servers running:
  // the fleet's own stop (remote servers too) once it is known, then whatever runs under this one.
  let started: readonly FleetServer[] = [];
  // --load-host: connected (and checked) once; every slice's parts run over these connections.
  const loadHosts =
    options.loadHosts === undefined
      ? undefined
      : await LoadHosts.connect({ hosts: options.loadHosts, localDir: PROJECT_ROOT });
  const load = loadHosts === undefined ? undefined : (o: LoadOptions) => loadHosts.run(o);
  const offSignals = stopOnSignals(async () => {
    await Promise.all([stopFleet(started), loadHosts?.close()]);
  });
  // Slices lost to a load host that failed (--load-host), each named with the host and why, slices whose hosts
  // started too far apart, and warm-ups a failed host cut short.
  const missing: string[] = [];
  // Warmed through the load hosts too: the server meets the hosts' connections before its first slice.
  const warmLoad =
    load === undefined || loadHosts === undefined
      ? undefined
      : { run: load, clients: Math.max(2, loadHosts.names.length) };
  const fleet = await startFleet(
    plan.sessions,
    timing,
    launch.launcher,
    {
      started: (server, index) =>
        hooks.progress(
          `started ${index + 1}/${plan.sessions.length}: ${server.session.variant.name} on ${server.session.runtime.name}`,
          false,
        ),
      failed: (session, error) => {
        // A server that fails to start is a failure, not "not available": the tests fail on it.
        unavailable.push({
          variant: session.variant.name,
          runtime: session.runtime.name,
          reason: `failed: ${error.message}`,
        });
        hooks.progress(`${session.variant.name} on ${session.runtime.name}: ${error.message}`, true);
      },
      warmCut: (session, error) => {
        const what = `${session.variant.name} on ${session.runtime.name}: warm-up cut short, ${error.message}`;
        missing.push(what);
        hooks.progress(what, true);
      },
    },
    warmLoad,
  );
  started = fleet;
  const records: MeasurementRecord[] = [];
  const startedAt = performance.now();
  let imprecise: string[] | undefined;
  // Open-loop steps the load generator refused (a rate this machine's generator cannot keep): skipped, said.
  const refused = new Map<string, string>();
  const refusedKey = (server: FleetServer, cell: Cell) => `${server.target.variant}\u0000${cellLabel(cell)}`;
  let cutShort: MeasuredRun['cutShort'];
  try {
    const cells = cellsOf(plan).filter((c) => !plan.capacityOnly.some((k) => sameCell(k, c)));
    const slices = rounds * environment.plan.slicesPerRound;
    const progress = progressLine(
      slices,
      estimate.roundS / Math.max(1, environment.plan.slicesPerRound),
      hooks.progress,
    );
    const dead = new Set<FleetServer>();
    /** One slice of every live server in each of `roundCells`, servers in ABBA order. */
    const measureRound = async (
      roundCells: readonly Cell[],
      round: number,
      sliceTiming: Timing,
      repeat = `round ${round + 1}/${rounds}`,
    ) => {
      for (const cell of rotate(roundCells, round)) {
        const sides = fleet.filter((s) => !dead.has(s) && s.session.cells.some((c) => sameCell(c, cell)));
        for (const server of roundOrder(sides, round)) {
          const where =
            server.session.runtime.name === SYSTEM_RUNTIME ? '' : ` on ${server.session.runtime.name}`;
          const over =
            server.session.transport === 'http' && options.transport === 'both' ? ' over HTTP' : '';
          const label = `${server.session.variant.name}${where}${over} · ${cellLabel(cell)}`;
          // A share of capacity needs the server's own, measured first; without it the step is skipped.
          const capacity = capacityOf(records, server.target, cell);
          if (cell.offered !== undefined && 'share' in cell.offered && capacity === undefined) continue;
          if (refused.has(refusedKey(server, cell))) continue;
          try {
            const record = await measureSlice(
              server.target,
              cell,
              sliceTiming,
              round,
              undefined,
              capacity,
              load,
            );
            records.push(record);
            const outOfStep = loadHostsOutOfStep(record);
            if (outOfStep !== undefined) missing.push(`${label} (${repeat}): ${outOfStep}`);
            progress.cell(label, record, repeat);
          } catch (error) {
            // A load host that failed loses this slice, not the server: said, and the run goes on.
            if (isLoadError(error, LoadErrorCodes.HOST)) {
              missing.push(`${label} (${repeat}): not measured, ${(error as Error).message}`);
              progress.failed(label, 1, (error as Error).message);
              continue;
            }
            if (cell.offered !== undefined && isLoadError(error, LoadErrorCodes.OPTIONS)) {
              refused.set(refusedKey(server, cell), `${label}: not measured, ${(error as Error).message}`);
              progress.failed(label, 1, (error as Error).message);
              continue;
            }
            dead.add(server);
            unavailable.push({
              variant: server.session.variant.name,
              runtime: server.session.runtime.name,
              reason: `failed: ${(error as Error).message}`,
            });
            progress.failed(label, 1, (error as Error).message);
          }
        }
      }
    };
    // The latency ladders' shares are of each server's capacity in this run: measure it first.
    if (plan.capacity.length > 0) {
      progress.extend(
        CAPACITY_ROUNDS *
          plan.sessions.reduce(
            (sum, s) => sum + s.cells.filter((c) => plan.capacity.some((k) => sameCell(k, c))).length,
            0,
          ),
      );
      for (let round = 0; round < CAPACITY_ROUNDS; round++)
        await measureRound(
          plan.capacity,
          round,
          capacityTiming(timing),
          `capacity ${round + 1}/${CAPACITY_ROUNDS}`,
        );
    }
    for (let round = 0; ; round++) {
      // A capacity cell that is also one of the run's own continues its rounds after the capacity's.
      let roundCells =
        round < CAPACITY_ROUNDS ? cells.filter((c) => !plan.capacity.some((k) => sameCell(k, c))) : cells;
      if (options.roundsFromBudget && round >= 2) {
        // A map run's rounds are what its budget buys at the pace the machine actually keeps: stop
        // where the next round would pass the budget, or go on past the plan while another fits.
        const elapsedS = (performance.now() - runStartedAt) / 1000;
        const perRoundS = (performance.now() - startedAt) / 1000 / round;
        const fits = elapsedS + perRoundS <= options.budgetS;
        if (round < rounds && !fits) {
          cutShort = { done: round, planned: rounds };
          hooks.log(`the budget (${clock(options.budgetS)}) ends the run after ${round} of ${rounds} rounds`);
          rounds = round;
          break;
        }
        if (round >= rounds && fits && round < options.rounds) {
          rounds++;
          progress.extend(environment.plan.slicesPerRound);
        }
      }
      if (round >= rounds) {
        // Past the planned rounds only --precision goes on, and only for the cells it still needs.
        if (options.precision === undefined) break;
        const precision = options.precision;
        const open = headlineRatios(records).filter(
          (h) => h.halfWidth === undefined || h.halfWidth > precision,
        );
        imprecise = open.map((h) => h.label);
        const elapsedS = (performance.now() - startedAt) / 1000;
        if (open.length === 0 || elapsedS + (elapsedS / round) * 0.5 > budgetS) break;
        roundCells = cells.filter((c) => open.some((h) => onSide(c, h.a) || onSide(c, h.b)));
      }
      await measureRound(roundCells, round, timing);
    }
  } finally {
    await Promise.all([stopFleet(fleet), loadHosts?.close()]);
    offSignals();
  }
  return {
    environment: options.roundsFromBudget ? { ...environment, rounds } : environment,
    records,
    unavailable,
    runtimes: plan.runtimes,
    nativeFibMs,
    nativeLimitReqPerSec: (environment.cores * 1000) / nativeFibMs,
    ...(imprecise === undefined ? {} : { imprecise }),
    ...(cutShort === undefined ? {} : { cutShort }),
    ...(refused.size + missing.length === 0 ? {} : { refused: [...refused.values(), ...missing] }),
  };
}
