/**
 * Worker-thread entry: runs this thread's share of the clients. Connects them all and reports,
 * waits for `start`, loops until the measured window closes, waits up to the grace period for
 * requests still in flight, stops using every socket and posts its figures (the sockets close
 * when the run stops the thread, after every worker's window).
 *
 * It measures its own event-loop utilisation over its own measured window. Reading a worker's
 * utilisation from the main thread is wrong twice over: the main thread's window is not the
 * worker's, and once the worker has exited (it does, as soon as its last reply is in) Node
 * answers -1 ms of idle time or zeros, which made utilisations of 0 or above 1.
 */
import type { EventLoopUtilization } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import {
  ClientConnection,
  type ConnectionOwner,
  emptyErrorCounts,
  type GroupState,
  type RunClock,
} from './client-connection.js';
import { createLatencyHistogram, encodeHistogram } from './histogram.js';
import { HttpClientConnection } from './http-client-connection.js';
import { LiveCounters } from './live-counters.js';
import { OpenLoopSchedule } from './open-loop-schedule.js';
import { TickerClient } from './ticker.js';
import type { ConnectFailure, MainToWorker, WorkerInput, WorkerToMain } from './worker-messages.js';

const input = workerData as WorkerInput;
if (parentPort === null) throw new Error('client-worker.js must run in a worker thread');
const port = parentPort;
const post = (message: WorkerToMain) => port.postMessage(message);

const counters = new LiveCounters(input.counters);
const clock: RunClock = { measureFrom: Number.POSITIVE_INFINITY, measureUntil: Number.POSITIVE_INFINITY };

// Only the groups this worker has clients in; each keeps its own histogram and counters.
const groups = new Map<number, GroupState>();
for (const { group } of input.clients) {
  const spec = input.groups[group];
  if (spec === undefined || groups.has(group)) continue;
  groups.set(group, {
    n: spec.n,
    request: Buffer.from(spec.request, 'latin1'),
    expected: Buffer.from(spec.expected, 'latin1'),
    histogram: createLatencyHistogram(),
    errorReplies: emptyErrorCounts(),
    wrongSamples: [],
    connectionPerRequest: spec.connectionPerRequest === true,
    openLoop:
      spec.rate === undefined
        ? null
        : {
            pipelined: input.pipelined,
            lag: createLatencyHistogram(),
            fromDispatch: createLatencyHistogram(),
            lateness: createLatencyHistogram(),
            sent: 0,
            late: 0,
            unanswered: 0,
          },
  });
}

let totalReplies = 0;
let ending = false;
let finished = false;
let graceTimer: NodeJS.Timeout | undefined;
/** This thread's event loop when the measured window opened, and its utilisation over the window. */
let loopAtWindowStart: EventLoopUtilization | undefined;
let windowUtilization = 0;

/** Open loop: this worker's schedule and the ticker that wakes it when a request is due. */
let schedule: OpenLoopSchedule | null = null;
const ticker = input.ticker === undefined ? null : new TickerClient(input.ticker, input.slot);

const owner: ConnectionOwner = {
  replied() {
    counters.publish(input.slot, ++totalReplies);
    // A reply wakes this thread anyway: send what has come due since, without waiting for a tick.
    if (schedule !== null && performance.now() >= (ticker as TickerClient).publishedDue) runSchedule();
  },
  settled() {
    if (ending && !connected.some((c) => c.busy)) finish();
  },
};

const Connection = input.transport === 'http' ? HttpClientConnection : ClientConnection;
const connections = input.clients.map(
  (c) => new Connection(c.client, c.port, groups.get(c.group) as GroupState, clock, owner),
);
const outcomes = await Promise.all(connections.map((c) => c.connect(input.host, input.connectTimeoutMs)));
const connected = connections.filter((_, i) => outcomes[i] === null);
const failures: ConnectFailure[] = [];
outcomes.forEach((error, i) => {
  const c = connections[i] as ClientConnection;
  if (error !== null) failures.push({ client: c.client, port: c.port, error });
});
post({ type: 'connected', connected: connected.length, failures });

port.once('message', (message: MainToWorker) => {
  if (message.type === 'abort') {
    for (const c of connected) c.close();
    return;
  }
  const startedAt = performance.now();
  clock.measureFrom = startedAt + message.warmupMs;
  clock.measureUntil = clock.measureFrom + message.durationMs;
  const loopAtStart = performance.eventLoopUtilization();
  setTimeout(() => {
    loopAtWindowStart = performance.eventLoopUtilization();
  }, message.warmupMs);
  for (const c of connected) c.start();
  startSchedule(startedAt);
  scheduleEnd(message.graceMs, loopAtStart);
});

/** Open loop: builds this worker's share of the schedule from `start` and sends what is due. */
function startSchedule(start: number): void {
  const lanes = [...groups]
    .filter(([, g]) => g.openLoop !== null)
    .map(([group]) => {
      const spec = input.groups[group] as (typeof input.groups)[number];
      const members = input.clients.flatMap((c) => {
        const connection = connected.find((k) => k.client === c.client);
        return c.group === group && connection !== undefined ? [{ index: c.indexInGroup, connection }] : [];
      });
      return { rate: spec.rate as number, groupClients: spec.clients, members };
    });
  if (lanes.length === 0 || ticker === null) return;
  schedule = new OpenLoopSchedule(lanes, start, clock.measureUntil);
  runSchedule();
}

/** Sends every request due by now (never one early), then publishes the next due time. */
function runSchedule(): void {
  const plan = schedule as OpenLoopSchedule;
  const tick = ticker as TickerClient;
  const seen = tick.ticks();
  const now = performance.now();
  plan.runDue(now, now);
  const next = plan.nextDue;
  tick.publish(next);
  if (next !== Number.POSITIVE_INFINITY && !waitingForTick) {
    waitingForTick = true;
    tick.nextTick(seen, onTick);
  }
}

let waitingForTick = false;
function onTick(): void {
  waitingForTick = false;
  if (schedule === null || finished) return;
  const before = (ticker as TickerClient).publishedDue;
  runSchedule();
  // A tick may be stale (a reply already sent what it was for), or come a hair before its time by
  // this thread's clock; then nothing was due and the ticker, having woken us for `before`, waits
  // for a new due time. A timer makes sure it comes.
  if ((ticker as TickerClient).publishedDue === before && before !== Number.POSITIVE_INFINITY) {
    setTimeout(runSchedule, Math.max(0, before - performance.now()));
  }
}

/** Fires when the window has closed by `performance.now()` (timers may run a little early). */
function scheduleEnd(graceMs: number, loopAtStart: EventLoopUtilization): void {
  const left = clock.measureUntil - performance.now();
  if (left > 0) {
    setTimeout(scheduleEnd, Math.ceil(left), graceMs, loopAtStart);
    return;
  }
  // The warm-up timer expires first and so runs first; the fallback only guards the order.
  windowUtilization = performance.eventLoopUtilization(loopAtWindowStart ?? loopAtStart).utilization;
  if (schedule !== null) runSchedule(); // every request intended before the window closed goes out
  ending = true;
  for (const c of connected) c.markUnfinishedIfBusy();
  if (!connected.some((c) => c.busy)) finish();
  else graceTimer = setTimeout(finish, graceMs);
}

function finish(): void {
  if (finished) return;
  finished = true;
  clearTimeout(graceTimer);
  // Not closed here: the run stops this thread, and so its sockets, once every worker is done.
  for (const c of connected) c.retire();
  const byClient = new Map(input.clients.map((c) => [c.client, c.group]));
  post({
    type: 'result',
    eventLoopUtilization: windowUtilization,
    groups: [...groups].map(([group, g]) => ({
      group,
      histogram: encodeHistogram(g.histogram),
      errorReplies: g.errorReplies,
      wrongSamples: g.wrongSamples,
      ...(g.openLoop === null
        ? {}
        : {
            openLoop: {
              lag: encodeHistogram(g.openLoop.lag),
              fromDispatch: encodeHistogram(g.openLoop.fromDispatch),
              lateness: encodeHistogram(g.openLoop.lateness),
              sent: g.openLoop.sent,
              late: g.openLoop.late,
              unanswered: g.openLoop.unanswered,
            },
          }),
    })),
    clients: [
      ...connected.map((c) => ({ group: byClient.get(c.client) as number, report: c.report() })),
      ...failures.map((f) => ({
        group: byClient.get(f.client) as number,
        report: { state: 'connect-failed' as const, client: f.client, port: f.port, error: f.error },
      })),
    ],
  });
}
