/** Checks `LoadOptions`, fills in defaults and assigns every client a group, a port and a worker. */
import os from 'node:os';
import { fibReference } from '../reference.js';
import { LOAD_DEFAULTS, LOAD_LIMITS } from './defaults.js';
import { optionsError } from './errors.js';
import type { GroupSpec, LoadOptions, LoadTransport, ProgressSample } from './types.js';

/** A group with its wire bytes worked out once: what to send and the exact reply to expect. */
export interface PlannedGroup {
  name: string;
  n: number;
  clients: number;
  /** `n` and a newline; over HTTP, `GET /fib/<n>` with a Host header. */
  request: string;
  /**
   * The exact fib(n) and a newline, from the BigInt reference, never from the code under test;
   * over HTTP, the exact body of the 200.
   */
  expected: string;
  /** Each request on a new connection (LoadOptions.connectionPerRequest). */
  connectionPerRequest: boolean;
  /** Open loop: requests per second over the group's connections; undefined for a closed loop. */
  rate: number | undefined;
}

/** One client: which group it belongs to, which port it drives, which worker thread runs it. */
export interface PlannedClient {
  client: number;
  group: number;
  /** Its index within its group, 0-based (an open-loop connection's place in the schedule). */
  indexInGroup: number;
  port: number;
  worker: number;
}

/** Options after checks and defaults: everything a run needs, nothing optional. */
export interface LoadPlan {
  host: string;
  transport: LoadTransport;
  /** `read`: requests are bare digits (see LoadOptions.framing). */
  framing: 'line' | 'read';
  /**
   * Open loop: a request may be written while earlier ones are unanswered. The line protocol
   * pipelines (replies come in order); HTTP here and read framing keep one request on the wire.
   */
  pipelined: boolean;
  ports: number[];
  durationS: number;
  warmupS: number;
  graceS: number;
  connectTimeoutS: number;
  workers: number;
  groups: PlannedGroup[];
  clients: PlannedClient[];
  onProgress: ((sample: ProgressSample) => void) | undefined;
  onWindow: ((edge: 'open' | 'close') => void) | undefined;
}

function checkInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw optionsError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function checkSeconds(name: string, value: number, min: number, max: number, minExclusive = false): number {
  const tooLow = minExclusive ? value <= min : value < min;
  if (!Number.isFinite(value) || tooLow || value > max) {
    const floor = minExclusive ? `above ${min}` : `at least ${min}`;
    throw optionsError(`${name} must be a number of seconds ${floor} and at most ${max}, got ${value}`);
  }
  return value;
}

/** A rate as a group's name shows it: `1000`, `2.5`. */
const rateName = (rate: number) => String(Number(rate.toPrecision(6)));

/** An open-loop group's rate: a positive number of requests/s, within what one connection may be asked. */
function checkRate(g: GroupSpec, options: LoadOptions): void {
  const rate = g.rate as number;
  if (!Number.isFinite(rate) || rate < LOAD_LIMITS.minRate || rate > LOAD_LIMITS.maxRate) {
    throw optionsError(
      `rate must be a number of requests/s from ${LOAD_LIMITS.minRate} to ${LOAD_LIMITS.maxRate.toLocaleString('en-US')}, got ${rate}`,
    );
  }
  if (options.connectionPerRequest === true) {
    throw optionsError('an open-loop rate and a connection per request do not mix: give one or the other');
  }
}

/** Validates options (throwing ERR_LOAD_OPTIONS) and spreads clients round-robin over ports and workers. */
export function planLoad(options: LoadOptions, cores: number = os.availableParallelism()): LoadPlan {
  if (!Array.isArray(options.groups) || options.groups.length === 0) {
    throw optionsError('at least one group of clients is needed');
  }
  const ports = options.ports ?? [LOAD_DEFAULTS.port];
  if (ports.length === 0) throw optionsError('at least one port is needed');
  for (const port of ports) checkInteger('port', port, 1, 65_535);

  const transport = options.transport ?? 'tcp';
  if (transport !== 'tcp' && transport !== 'http')
    throw optionsError(`transport must be tcp or http, got ${transport}`);
  const framing = options.framing ?? 'line';
  if (framing !== 'line' && framing !== 'read')
    throw optionsError(`framing must be line or read, got ${framing}`);
  if (framing === 'read' && transport !== 'tcp')
    throw optionsError('framing read applies to the tcp transport only');
  const host = options.host ?? LOAD_DEFAULTS.host;
  // The Host header names the host only: one request Buffer per group, whatever the port.
  const hostHeader = host.includes(':') ? `[${host}]` : host;
  // Read framing: bare digits, one write per request, so that one read on the server is one request.
  const requestText = (n: number) =>
    transport === 'http'
      ? `GET /fib/${n} HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`
      : framing === 'read'
        ? `${n}`
        : `${n}\n`;
  const names = options.groups.map(
    (g) => `n=${g.n} ×${g.clients}${g.rate === undefined ? '' : ` @${rateName(g.rate)}/s`}`,
  );
  const duplicated = new Set(names).size !== names.length;
  const groups = options.groups.map((g, i): PlannedGroup => {
    checkInteger('n', g.n, 0, LOAD_LIMITS.maxN);
    checkInteger('clients', g.clients, 1, LOAD_LIMITS.maxClients);
    if (g.rate !== undefined) checkRate(g, options);
    if (g.share !== undefined) {
      checkInteger('share first', g.share.first, 0, g.clients);
      checkInteger('share count', g.share.count, 0, g.clients - g.share.first);
    }
    return {
      name: duplicated ? `#${i + 1} ${names[i]}` : (names[i] as string),
      n: g.n,
      clients: g.clients,
      request: requestText(g.n),
      expected: `${fibReference(g.n)}\n`,
      connectionPerRequest: options.connectionPerRequest === true,
      rate: g.rate,
    };
  });
  const ownClients = (g: GroupSpec) => g.share?.count ?? g.clients;
  const totalClients = options.groups.reduce((sum, g) => sum + ownClients(g), 0);
  checkInteger('clients (all groups)', totalClients, 1, LOAD_LIMITS.maxClients);
  // One worker per core at most: more threads than cores only adds switching on a machine the server shares.
  const workers = checkInteger('workers', options.workers ?? Math.min(totalClients, cores), 1, totalClients);

  const clients: PlannedClient[] = [];
  let groupBase = 0; // a client's number is the one it has in a single generator's run
  options.groups.forEach((g, group) => {
    const first = g.share?.first ?? 0;
    for (let k = first; k < first + ownClients(g); k++) {
      const client = groupBase + k;
      // Round-robin over the whole run, so a mix like 30x1,1x1 puts its two clients on different threads.
      clients.push({
        client,
        group,
        indexInGroup: k,
        port: ports[client % ports.length] as number,
        worker: clients.length % workers,
      });
    }
    groupBase += g.clients;
  });

  return {
    host,
    transport,
    framing,
    pipelined: transport === 'tcp' && framing === 'line',
    ports,
    durationS: checkSeconds(
      'duration',
      options.durationS ?? LOAD_DEFAULTS.durationS,
      0,
      LOAD_LIMITS.maxDurationS,
      true,
    ),
    warmupS: checkSeconds('warmup', options.warmupS ?? LOAD_DEFAULTS.warmupS, 0, LOAD_LIMITS.maxDurationS),
    graceS: checkSeconds('grace', options.graceS ?? LOAD_DEFAULTS.graceS, 0, LOAD_LIMITS.maxGraceS),
    connectTimeoutS: checkSeconds(
      'connect timeout',
      options.connectTimeoutS ?? LOAD_DEFAULTS.connectTimeoutS,
      0,
      LOAD_LIMITS.maxGraceS,
      true,
    ),
    workers,
    groups,
    clients,
    onProgress: options.onProgress,
    onWindow: options.onWindow,
  };
}
