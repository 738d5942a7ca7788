import cluster, { type Worker } from 'node:cluster';
import net, { type Socket } from 'node:net';
import { formatError } from '../../protocol.js';
import { socketFacts } from '../bun-native-socket.js';
import { clampFacts, type FdClamp, fdClamp as fitFds, listenBacklog } from '../fd-limit.js';
import { handoffEnv } from '../handoff.js';
import type { ServerOptions } from '../options.js';
import { acceptQueued } from '../read-before-close.js';
import { formatReadiness } from '../readiness.js';
import {
  isRawTcpHandle,
  rawHandleOf,
  SHARED_READS_RUNTIME,
  socketReadingShared,
} from '../shared-read-socket.js';
import { type ShutdownReport, sumReports } from '../shutdown-report.js';
import { MANAGED_CHILD, onShutdownSignals } from '../signals.js';
import type { ServerSpec } from '../spec.js';
import { strategyServer } from './strategy-server.js';

/** The message by which the primary stops a worker gracefully. */
const SHUTDOWN = 'fiblab:shutdown';

/** Messages between the primary and a worker about connections. */
type Message =
  | { fiblab: 'ready'; details: Readonly<Record<string, string | number>>; fdClamp?: FdClamp }
  | { fiblab: 'connection'; id: number }
  | { fiblab: 'accepted'; id: number }
  | { fiblab: 'stopped'; report: ShutdownReport };

const isMessage = (value: unknown): value is Message =>
  typeof value === 'object' && value !== null && 'fiblab' in value;

/**
 * node:cluster: the primary forks `workers` processes that each run the variant's strategy in a
 * server of their own; the primary accepts every connection and hands it to the workers in
 * turn (round-robin, preferring a worker that has taken the last one it was given). A worker
 * that dies is re-forked unless the server is shutting down.
 *
 * The handing over is fiblab's own rather than node:cluster's round-robin: that one keeps the
 * primary's copy of a connection until the worker says it took it, and when the worker dies
 * first the copy is never closed — the client waits for ever (lib/internal/cluster/
 * round_robin_handle.js, `handoff`: the reply callback never comes). Here the primary closes
 * its copy when the worker confirms, or when the worker dies: the client sees the connection
 * close.
 */
export async function runCluster(spec: ServerSpec, options: ServerOptions): Promise<number> {
  return cluster.isWorker ? runWorker(spec, options) : runPrimary(spec, options);
}

async function runWorker(spec: ServerSpec, options: ServerOptions): Promise<number> {
  // Each worker calibrates --inline-below auto for itself: the hop it measures is its own
  // pool's, taken while its siblings start too (as they will serve: side by side on the cores).
  const { strategy, server } = await strategyServer(spec, options, 'concurrent');
  // The primary asks for a graceful stop over IPC: the same shutdown as on SIGTERM. What it did
  // goes to the primary, which reports the sum of its workers.
  const stopped = onShutdownSignals(async () => {
    const report = await server.shutdown();
    process.send?.({ fiblab: 'stopped', report } satisfies Message);
    return undefined;
  });
  process.on('message', (message: unknown, handle: unknown) => {
    if (message === SHUTDOWN) process.emit('SIGTERM', 'SIGTERM');
    else if (isMessage(message) && message.fiblab === 'connection') {
      const socket = adopted(handle);
      if (socket === undefined) return;
      server.adopt(socket);
      process.send?.({ fiblab: 'accepted', id: message.id } satisfies Message);
    }
  });
  // Each worker holds its own connections: its limit fits its own fds (counted once it started).
  await new Promise((resolve) => setImmediate(resolve));
  const fdClamp = server.connectionLimit.fit();
  process.send?.({
    fiblab: 'ready',
    details: { ...strategy.details, ...socketFacts(options.transport) },
    ...(fdClamp === undefined ? {} : { fdClamp }),
  } satisfies Message);
  await stopped;
  // The IPC channel to the primary would keep this process alive after the shutdown.
  process.disconnect?.();
  return 0;
}

/** The socket a worker serves for what the primary sent: a bare handle (Node, TCP) or a net.Socket. */
function adopted(handle: unknown): Socket | undefined {
  if (isRawTcpHandle(handle)) return socketReadingShared(handle);
  if (!(handle instanceof net.Socket)) return undefined;
  // Replies may outlive the client's half of the connection (it may end after its requests).
  handle.allowHalfOpen = true;
  return handle;
}

async function runPrimary(spec: ServerSpec, options: ServerOptions): Promise<number> {
  let stopping = false;
  // Over TCP on Node a worker reads its connections into one shared buffer (shared-read-socket.ts).
  const sendBare = SHARED_READS_RUNTIME && options.transport === 'tcp';
  // Workers run `serve` with the primary's parsed options handed over, not its command line.
  cluster.setupPrimary({ args: ['serve'] });
  const ready: Worker[] = [];
  // What each worker said about its strategy when it was ready (e.g. its --inline-below auto choice).
  const workerDetails: Array<Readonly<Record<string, string | number>>> = [];
  // Connections handed to a worker that has not confirmed yet: the primary's copy stays open.
  const inTransit = new Map<number, { socket: Socket; worker: Worker }>();
  const busy = new Map<Worker, number>();
  let nextId = 0;
  let turn = 0;
  // The lowest fd clamp a worker reported (for the readiness line).
  let fdClamp: FdClamp | undefined;
  // What each worker's shutdown did.
  const reports: ShutdownReport[] = [];

  // Each worker's start: settled once it is ready or gone. A stop waits for it (stopWorker).
  const started = new Map<Worker, Promise<void>>();
  const fork = (): Promise<void> => {
    let forked: Worker | undefined;
    const start = new Promise<void>((resolve) => {
      const worker = cluster.fork({ ...handoffEnv(spec, options), ...MANAGED_CHILD });
      forked = worker;
      worker.on('message', (message: unknown) => {
        if (!isMessage(message)) return;
        if (message.fiblab === 'ready') {
          if (message.fdClamp && message.fdClamp.maxConnections < (fdClamp?.maxConnections ?? Infinity))
            fdClamp = message.fdClamp;
          ready.push(worker);
          workerDetails.push(message.details);
          resolve();
        } else if (message.fiblab === 'accepted') {
          const entry = inTransit.get(message.id);
          inTransit.delete(message.id);
          busy.set(worker, (busy.get(worker) ?? 1) - 1);
          entry?.socket.destroy(); // the primary's copy only: the worker has its own
        } else if (message.fiblab === 'stopped') {
          reports.push(message.report);
        }
      });
      worker.on('exit', () => {
        const at = ready.indexOf(worker);
        if (at >= 0) ready.splice(at, 1);
        busy.delete(worker);
        // What was on its way to this worker is closed: the client sees it, instead of waiting.
        for (const [id, entry] of inTransit) {
          if (entry.worker !== worker) continue;
          inTransit.delete(id);
          entry.socket.destroy();
        }
        started.delete(worker);
        resolve();
      });
    });
    started.set(forked as Worker, start);
    return start;
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    process.stderr.write(
      `fiblab cluster: worker ${worker.process.pid} died (${signal ?? code}), forking another\n`,
    );
    void fork();
  });

  // The next worker in turn that has taken every connection it was given, else the next in turn.
  const pick = (): Worker | undefined => {
    if (ready.length === 0) return undefined;
    let chosen = turn % ready.length;
    for (let i = 0; i < ready.length; i++) {
      const at = (turn + i) % ready.length;
      if ((busy.get(ready[at] as Worker) ?? 0) === 0) {
        chosen = at;
        break;
      }
    }
    turn = chosen + 1;
    return ready[chosen];
  };

  const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true }, (socket) => {
    socket.on('error', () => {});
    const worker = stopping ? undefined : pick();
    // Past maxInTransit the primary's own fds would run out (libuv then closes new connections
    // without a word): such a client is refused here instead.
    if (worker === undefined || !worker.isConnected() || inTransit.size >= maxInTransit) {
      const body = formatError('EBUSY', worker === undefined ? 'no worker ready' : 'too many connections');
      // Over HTTP the refusal is a response a client can read (503, the same ERR code in the body).
      const reply =
        options.transport === 'http'
          ? `HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`
          : body;
      socket.end(reply, () => socket.destroy());
      return;
    }
    const id = nextId++;
    inTransit.set(id, { socket, worker });
    busy.set(worker, (busy.get(worker) ?? 0) + 1);
    // On Node over TCP the bare handle goes, for the worker to read into its shared buffer.
    const handle = (sendBare ? rawHandleOf(socket) : undefined) ?? socket;
    worker.send(
      { fiblab: 'connection', id } satisfies Message,
      handle as Socket,
      { keepOpen: true },
      (error) => {
        if (error === null || error === undefined) return;
        inTransit.delete(id);
        socket.destroy();
      },
    );
  });

  await Promise.all(Array.from({ length: options.workers }, fork));
  // The primary holds each connection only until a worker took it: what its fds leave for that.
  const maxInTransit = fitFds(Number.MAX_SAFE_INTEGER, 1)?.maxConnections ?? Number.POSITIVE_INFINITY;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const backlog = listenBacklog(Number.isFinite(maxInTransit) ? maxInTransit : 0, 1);
    server.listen({ host: options.host, port: options.port, backlog }, () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  const stopped = onShutdownSignals(
    async () => {
      // Connections the kernel already holds go to the workers as usual, ahead of their stop.
      await acceptQueued(server, options.shutdownTimeoutMs);
      stopping = true;
      server.close();
      await Promise.all(
        Object.values(cluster.workers ?? {}).map(
          (worker) => worker && stopWorker(worker, options.shutdownTimeoutMs, started.get(worker)),
        ),
      );
      for (const { socket } of inTransit.values()) socket.destroy();
      return sumReports(reports, options.shutdownTimeoutMs);
    },
    () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    },
  );
  process.stdout.write(
    `${formatReadiness({
      host: options.host,
      port: address.port,
      variant: spec.name,
      pid: process.pid,
      extra: { workers: options.workers, ...mergeDetails(workerDetails), ...clampFacts(fdClamp) },
    })}\n`,
  );
  await stopped;
  return 0;
}

/** Facts of every worker, once: a value they all share as it is, else each worker's, comma-separated. */
function mergeDetails(
  all: ReadonlyArray<Readonly<Record<string, string | number>>>,
): Record<string, string | number> {
  const keys = new Set(all.flatMap((details) => Object.keys(details)));
  keys.delete('workers'); // the pool size inside a worker; the primary's own `workers` is the count of workers
  return Object.fromEntries(
    [...keys].map((key) => {
      const values = all.map((details) => String(details[key] ?? '-'));
      return [key, new Set(values).size === 1 ? (values[0] as string) : values.join(',')];
    }),
  );
}

/**
 * Asks the worker to shut down gracefully, then SIGKILL if it outlives the bound. A worker still
 * starting (one re-forked just before the stop) is asked once it is ready: a message sent before
 * it listens is lost, and it would wait out the bound.
 */
function stopWorker(
  worker: Worker,
  graceMs: number,
  started: Promise<void> = Promise.resolve(),
): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    const kill = setTimeout(() => worker.process.kill('SIGKILL'), graceMs + 1000);
    worker.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    void started.then(() => {
      if (worker.isDead()) return;
      // A message, not worker.process.kill('SIGTERM'): on Deno, ChildProcess.kill() also closes
      // the IPC channel, and the worker's server.close() then dies writing to it (BrokenPipe).
      if (worker.isConnected()) worker.send(SHUTDOWN);
      else worker.process.kill('SIGTERM');
    });
  });
}
