/**
 * `runLoad`: starts the client workers, lets them connect, runs warm-up + measured window + grace,
 * gathers their figures and builds the report. Never outlives duration + grace by more than a
 * fixed margin: a worker that does not report by then is an error, and every worker is terminated.
 */
import { describeEnvironment } from '../environment.js';
import { buildReport } from './aggregate.js';
import { connectError } from './errors.js';
import { generatorUsage, startCpuMeter } from './generator-usage.js';
import { LiveCounters } from './live-counters.js';
import { type LoadPlan, planLoad } from './plan.js';
import { startProgress } from './progress.js';
import { checkRateCapacity } from './rate-capacity.js';
import { startTicker, type Ticker } from './ticker.js';
import type { LoadGeneratorUsage, LoadOptions, LoadReport } from './types.js';
import { WorkerHandle } from './worker-handle.js';
import type { WorkerToMain } from './worker-messages.js';

type WorkerResult = Extract<WorkerToMain, { type: 'result' }>;

// Resolved next to this module, so it is dist/load/client-worker.js once compiled.
const WORKER_ENTRY = new URL('./client-worker.js', import.meta.url);

/** Time a worker may take to start and load its modules, on top of its connect timeout. */
const WORKER_STARTUP_MS = 10_000;
/** Time a worker may take after the grace period to close its sockets and post its figures. */
const REPORT_MARGIN_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function spawnWorkers(plan: LoadPlan, counters: LiveCounters, ticker: Ticker | null): WorkerHandle[] {
  const groups = plan.groups.map(({ n, request, expected, connectionPerRequest, rate, clients }) => ({
    n,
    request,
    expected,
    connectionPerRequest,
    clients,
    ...(rate === undefined ? {} : { rate }),
  }));
  return Array.from(
    { length: plan.workers },
    (_, slot) =>
      new WorkerHandle(WORKER_ENTRY, {
        slot,
        host: plan.host,
        transport: plan.transport,
        connectTimeoutMs: plan.connectTimeoutS * 1000,
        groups,
        clients: plan.clients
          .filter((c) => c.worker === slot)
          .map(({ client, group, port, indexInGroup }) => ({ client, group, port, indexInGroup })),
        counters: counters.buffer,
        pipelined: plan.pipelined,
        ...(ticker === null ? {} : { ticker: ticker.memory }),
      }),
  );
}

/** Runs one load test against a server that must already be listening; rejects with ERR_LOAD_* codes. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const plan = planLoad(options);
  await checkRateCapacity(plan);
  const environment = describeEnvironment();
  const { figures, usage, startedAt } = await runWorkers(plan);
  return buildReport(plan, figures, usage, startedAt, environment);
}

/** What the workers of one run report, before it becomes a LoadReport (a load host sends these). */
export interface WorkerFigures {
  figures: WorkerResult[];
  usage: LoadGeneratorUsage;
  /** When the clients were told to start sending (ISO, this machine's clock). */
  startedAt: string;
}

/**
 * The run itself: workers started, connected, then (once `startGate` resolves: a run over several
 * load hosts waits there for the agreed instant) warm-up, measured window and grace.
 */
export async function runWorkers(plan: LoadPlan, startGate?: () => Promise<void>): Promise<WorkerFigures> {
  const counters = new LiveCounters(plan.workers);
  // Open loop: one thread that wakes each worker when its next request is due (see ticker.ts).
  const ticker = plan.groups.some((g) => g.rate !== undefined) ? startTicker(plan.workers) : null;
  const workers = spawnWorkers(plan, counters, ticker);
  try {
    const connectLimit = plan.connectTimeoutS * 1000 + WORKER_STARTUP_MS;
    const connects = await Promise.all(workers.map((w) => w.next('connected', connectLimit)));
    if (connects.every((c) => c.connected === 0)) {
      const first = connects.flatMap((c) => c.failures).sort((a, b) => a.client - b.client)[0];
      for (const w of workers) w.post({ type: 'abort' });
      throw connectError(plan.host, first?.port ?? plan.ports[0] ?? 0, first?.error ?? 'no client connected');
    }

    await startGate?.();
    const startedAt = new Date().toISOString();
    const warmupMs = plan.warmupS * 1000;
    const durationMs = plan.durationS * 1000;
    const graceMs = plan.graceS * 1000;
    for (const w of workers) w.post({ type: 'start', warmupMs, durationMs, graceMs });
    const stopProgress = plan.onProgress
      ? startProgress(counters, plan.warmupS, plan.durationS, plan.onProgress)
      : () => {};
    const results = Promise.all(
      workers.map((w) => w.next('result', warmupMs + durationMs + graceMs + REPORT_MARGIN_MS)),
    );
    // Keep a rejection from going unhandled while the window is still being timed.
    results.catch(() => {});

    let cpuPercent: number;
    try {
      // The main thread is idle apart from these timers, so they fire on time.
      await sleep(warmupMs);
      plan.onWindow?.('open');
      const cpu = startCpuMeter();
      await sleep(durationMs);
      cpuPercent = cpu.stop();
      plan.onWindow?.('close');
    } finally {
      stopProgress();
    }
    const figures = await results;
    const usage = generatorUsage(
      cpuPercent,
      figures.map((r) => r.eventLoopUtilization),
    );
    return { figures, usage, startedAt };
  } finally {
    await Promise.all([...workers.map((w) => w.stop()), ticker?.stop()]);
  }
}
