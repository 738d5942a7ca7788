/**
 * Measures a planned compare run: each repeat starts every server once (rotating the order per
 * repeat so drift favours none) and runs its cells (also rotated) against it.
 */
import { describeEnvironment } from '../environment.js';
import { fib as nativeFib } from '../native.js';
import { installRuntimes, runtimeAvailability, SYSTEM_RUNTIME } from '../runtimes/registry.js';
import type { CompareEnvironment } from './document.js';
import { type MeasurementRecord, measureSession } from './measure.js';
import type { CompareOptions } from './options.js';
import { type Plan, planRun, rotate } from './plan.js';
import { progressLine } from './progress.js';
import { LONG_N } from './scenarios.js';
import type { Unavailable } from './tables.js';
import { toolVersions } from './tools.js';

/** What a measured run produced (the document adds summaries and warnings). */
export interface MeasuredRun {
  environment: CompareEnvironment;
  records: MeasurementRecord[];
  unavailable: Unavailable[];
  runtimes: string[];
  nativeFibMs: number;
  nativeLimitReqPerSec: number;
}

/** Where a run reports as it goes (stderr for a person; nothing with --json). */
export interface RunHooks {
  log(line: string): void;
  progress(text: string, final: boolean): void;
  /** Called once the environment is known, before the first cell. */
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

async function environmentOf(options: CompareOptions, plan: Plan): Promise<CompareEnvironment> {
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
    repeats: options.repeats,
    plan: {
      servers: plan.sessions.length,
      cellsPerRepeat: plan.sessions.reduce((sum, s) => sum + s.cells.length, 0),
    },
  };
}

/** Plans and measures a run. */
export async function measureRun(options: CompareOptions, hooks: RunHooks): Promise<MeasuredRun> {
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
  const environment = await environmentOf(options, plan);
  const nativeFibMs = nativeFibMedianMs();

  const { timing, repeats } = options;
  const total = repeats * environment.plan.cellsPerRepeat;
  const progress = progressLine(total, timing.durationS + timing.warmupS + 0.3, hooks.progress);
  hooks.started(environment, progress.estimate());

  const records: MeasurementRecord[] = [];
  const unavailable = [...plan.unavailable];
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const session of rotate(plan.sessions, repeat)) {
      const cells = rotate(session.cells, repeat);
      const where = session.runtime.name === SYSTEM_RUNTIME ? '' : ` on ${session.runtime.name}`;
      try {
        const target = {
          variant: session.variant,
          runtime: session.runtime,
          runtimeName: session.runtime.name,
        };
        await measureSession(target, cells, timing, repeat, (record) => {
          records.push(record);
          const label = `${record.variant}${where} · ${record.scenario} ${record.clients} cl.`;
          progress.cell(label, record, `repeat ${repeat + 1}/${repeats}`);
        });
      } catch (error) {
        // A variant that fails while measuring is a failure, not "not available": the tests fail on it.
        unavailable.push({
          variant: session.variant.name,
          runtime: session.runtime.name,
          reason: `failed: ${(error as Error).message}`,
        });
        progress.failed(`${session.variant.name}${where}`, cells.length, (error as Error).message);
      }
    }
  }
  return {
    environment,
    records,
    unavailable,
    runtimes: plan.runtimes,
    nativeFibMs,
    nativeLimitReqPerSec: (environment.cores * 1000) / nativeFibMs,
  };
}
