/**
 * `fiblab load`'s flags, declared once (parsing and `--help` both come from the table), and
 * their translation into LoadOptions. The target is `--host`/`--port`/`--ports` or one
 * positional `HOST:PORT`, as autocannon and oha take it.
 */
import { type CommandSpec, type FlagSpec, UsageError } from '../cli/command.js';
import { durationFlag, integerFlag, oneOfFlag } from '../cli/values.js';
import { LOAD_DEFAULTS, LOAD_LIMITS } from './defaults.js';
import { isLoadError, LoadErrorCodes } from './errors.js';
import { AS_LOAD_HOST_FLAG, LOAD_HOST_FLAGS } from './host-options.js';
import { planLoad } from './plan.js';
import type { GroupSpec, LoadOptions } from './types.js';

/** Exit statuses of `fiblab load`. */
export const LOAD_EXIT = {
  /** Measured; warnings, if any, are in the report. */
  OK: 0,
  /** Wrong answers seen (a bug), or no client could connect, or the run itself failed. */
  FAILED: 1,
  /** Bad flags. */
  USAGE: 2,
  /** Not one correct reply in the measured window: every reply was an error reply, or none came. */
  NO_CORRECT_REPLY: 3,
} as const;

/** The command, its flags and its help. */
export const LOAD_COMMAND = {
  name: 'fiblab load',
  synopsis: 'fiblab load [options] [HOST:PORT]',
  description: `
Clients against a server speaking the fiblab line protocol (or, with --http, HTTP/1.1 keep-alive
GET /fib/N to a server started with --transport http); every reply is checked byte for byte
against the exact fib(n). Reports req/s, latency percentiles and distribution (µs), clients not
served (no reply of any kind), error replies and wrong answers.

Closed loop (the default): each connection sends n, waits for the whole reply, and sends again.
It answers "how many requests per second can the server do?" and "what does one patient client
see?". Its latency hides stalls: while the server is stuck the client sends nothing, so a stall
is counted once, not once for every request a real user would have sent meanwhile.

Open loop (--rate R): requests go out on a fixed schedule, R per second over all connections,
whatever the replies do, and each latency counts from the time the request was meant to go out.
It answers "what latency does a user see at R requests per second?" (p99 at a stated load, a
stall's true cost). Requests that cannot go out on time are still sent: pipelined on the line
protocol, queued per connection over HTTP (reported as late, with by how much). The report adds
the rate achieved, the late requests, and the generator's own lag; a rate this machine cannot
schedule is refused.

The target is HOST:PORT (also HOST:PORT1,PORT2 for the "many" servers, [::1]:PORT for IPv6), or
--host with --port/--ports; the default is ${LOAD_DEFAULTS.host}:${LOAD_DEFAULTS.port}.`,
  flags: {
    clients: {
      type: 'string',
      short: 'c',
      value: 'C',
      help: 'connections (closed loop: one request in flight each)',
      shownDefault: String(LOAD_DEFAULTS.clients),
    },
    n: {
      type: 'string',
      value: 'N',
      help: `the request every client sends, 0 to ${LOAD_LIMITS.maxN}`,
      shownDefault: String(LOAD_DEFAULTS.n),
    },
    mix: {
      type: 'string',
      value: 'LIST',
      help: 'groups <n>x<clients>[@<rate>], e.g. 30x1,1x1 (a CPU-bound client beside an\nI/O-bound one), each reported on its own; replaces --n and --clients;\n@<rate> makes that group open-loop: 30x1,1x1@1000',
    },
    rate: {
      type: 'string',
      value: 'R',
      help: 'open loop: R requests/s over all -c connections on a fixed schedule,\nlatency from each intended send time (with --mix: <n>x<clients>@<rate>)',
      shownDefault: 'closed loop',
    },
    duration: {
      type: 'string',
      short: 'd',
      value: 'TIME',
      help: 'measured time: 10s, 500ms, 2m, or bare seconds',
      shownDefault: `${LOAD_DEFAULTS.durationS}s`,
    },
    warmup: {
      type: 'string',
      value: 'TIME',
      help: 'load before measuring, not counted (0 = none)',
      shownDefault: `${LOAD_DEFAULTS.warmupS}s`,
    },
    grace: {
      type: 'string',
      value: 'TIME',
      help: 'longest wait at the end for requests in flight',
      shownDefault: `${LOAD_DEFAULTS.graceS}s`,
    },
    host: { type: 'string', value: 'HOST', help: 'server address', shownDefault: LOAD_DEFAULTS.host },
    port: { type: 'string', value: 'P', help: 'server port', shownDefault: String(LOAD_DEFAULTS.port) },
    ports: {
      type: 'string',
      value: 'P1,P2,...',
      help: 'several ports (the "many" server): clients assigned round-robin',
    },
    workers: {
      type: 'string',
      value: 'W',
      help: 'client worker threads',
      shownDefault: 'min(clients, available cores)',
    },
    http: {
      type: 'boolean',
      help: 'speak HTTP/1.1 keep-alive (GET /fib/N), one request in flight per connection,\nto a server started with --transport http',
    },
    framing: {
      type: 'string',
      value: 'line|read',
      help: "read: send bare digits, no newline (one request per read, as the talk's clients),\nto a server of the talk's kind or one started with --framing read",
      shownDefault: 'line',
    },
    json: {
      type: 'boolean',
      help: 'print the report as one JSON document (schemaVersion 1) on stdout',
    },
    ...LOAD_HOST_FLAGS,
    ...AS_LOAD_HOST_FLAG,
  },
  epilogue: `
Exit status: ${LOAD_EXIT.OK} measured; ${LOAD_EXIT.FAILED} wrong answers seen, or no client could connect, or a --load-host failed;
${LOAD_EXIT.USAGE} bad options; ${LOAD_EXIT.NO_CORRECT_REPLY} no correct reply at all in the measured window (every reply was an
error reply such as ERR ERANGE, or none came).

Examples:
  fiblab load 127.0.0.1:25000 -c 2 -d 10s --n 22
  fiblab load --mix 30x1,1x1                 a CPU-bound client beside an I/O-bound one
  fiblab load 127.0.0.1:25000,25001 -c 2     the "many" servers: clients split across ports
  fiblab load --http 127.0.0.1:8080 -c 8     a server started with --transport http
  fiblab load --rate 1000 -c 2               open loop: 1,000 req/s over 2 connections
  fiblab load --mix 30x1,1x1@1000            a closed-loop CPU client; the I/O client at 1,000/s
  fiblab load 10.0.0.5:25000 -c 64 --load-host me@gen1 --load-host me@gen2
                                             64 clients, 32 on each of two machines, merged`,
  maxPositionals: 1,
} satisfies CommandSpec<Record<string, FlagSpec>>;

type Flags = typeof LOAD_COMMAND.flags;
/** The parsed flags, as runCommand hands them over. */
type LoadFlags = {
  [K in keyof Flags]?: Flags[K]['type'] extends 'boolean'
    ? boolean
    : Flags[K] extends { multiple: true }
      ? string[]
      : string;
};

const MIX_ITEM = /^(\d+)x(\d+)(?:@(.*))?$/;
const RATE = /^(\d+(?:\.\d*)?|\.\d+)(?:\/s)?$/;
/** `[v6]:ports` or `host:ports`, ports being one or more comma-separated numbers. */
const TARGET = /^(?:\[([^\]]+)\]|([^:[\]]*)):([^:]+)$/;

/** An open-loop rate: requests per second, e.g. `1000`, `2.5` or `1000/s`. */
function rateFlag(flag: string, text: string): number {
  const match = RATE.exec(text.trim());
  const rate = match === null ? Number.NaN : Number(match[1]);
  if (!Number.isFinite(rate) || rate < LOAD_LIMITS.minRate || rate > LOAD_LIMITS.maxRate) {
    throw new UsageError(
      `${flag} must be requests per second from ${LOAD_LIMITS.minRate} to ${LOAD_LIMITS.maxRate.toLocaleString('en-US')} (e.g. 1000), got '${text}'`,
    );
  }
  return rate;
}

function mix(text: string): GroupSpec[] {
  return text.split(',').map((item) => {
    const match = MIX_ITEM.exec(item.trim());
    if (match === null) {
      throw new UsageError(`--mix items are <n>x<clients>[@<rate>] (e.g. 30x1,1x1@1000), got '${item}'`);
    }
    const group: GroupSpec = { n: Number(match[1]), clients: Number(match[2]) };
    if (match[3] !== undefined) group.rate = rateFlag(`--mix rate in '${item.trim()}'`, match[3]);
    return group;
  });
}

function portList(flag: string, text: string): number[] {
  return text.split(',').map((p) => integerFlag(flag, p.trim(), 1, 65_535));
}

/** `HOST:PORT`, `HOST:P1,P2` or `[IPv6]:PORT` → host and ports. */
export function parseTarget(text: string): { host: string; ports: number[] } {
  const match = TARGET.exec(text.trim());
  const host = match?.[1] ?? match?.[2];
  if (match === null || host === undefined || host === '' || !/^\d+(,\d+)*$/.test(match[3] ?? '')) {
    throw new UsageError(
      `the target must be HOST:PORT (e.g. 127.0.0.1:25000, [::1]:25000 or 127.0.0.1:25000,25001), got '${text}'`,
    );
  }
  const ports = (match[3] as string).split(',').map((p) => {
    const port = Number(p);
    if (port < 1 || port > 65_535) throw new UsageError(`port must be 1 to 65535 in '${text}', got ${p}`);
    return port;
  });
  return { host, ports };
}

/** Turns parsed flags and the optional target into LoadOptions; every mistake is a UsageError. */
export function loadOptions(values: LoadFlags, positionals: readonly string[]): LoadOptions {
  if (values.mix !== undefined && (values.n !== undefined || values.clients !== undefined)) {
    throw new UsageError('--mix replaces --n and --clients: give one or the other');
  }
  if (values.mix !== undefined && values.rate !== undefined) {
    throw new UsageError("with --mix give each group's rate in the list (e.g. 30x1,1x1@1000), not --rate");
  }
  if (values.port !== undefined && values.ports !== undefined) {
    throw new UsageError('give --port or --ports, not both');
  }
  const target = positionals[0];
  if (
    target !== undefined &&
    (values.host !== undefined || values.port !== undefined || values.ports !== undefined)
  ) {
    throw new UsageError(`give the target as '${target}' or with --host/--port/--ports, not both`);
  }

  const groups =
    values.mix !== undefined
      ? mix(values.mix)
      : [
          {
            n: values.n === undefined ? LOAD_DEFAULTS.n : integerFlag('n', values.n, 0, LOAD_LIMITS.maxN),
            clients:
              values.clients === undefined
                ? LOAD_DEFAULTS.clients
                : integerFlag('clients', values.clients, 1, LOAD_LIMITS.maxClients),
            ...(values.rate === undefined ? {} : { rate: rateFlag('--rate', values.rate) }),
          },
        ];
  const options: LoadOptions = { groups };
  if (values.http === true) options.transport = 'http';
  if (values.framing !== undefined) {
    const framing = oneOfFlag('framing', values.framing, ['line', 'read'] as const);
    if (framing === 'read' && values.http === true)
      throw new UsageError('--framing read and --http do not mix');
    options.framing = framing;
  }
  if (target !== undefined) Object.assign(options, parseTarget(target));
  if (values.host !== undefined) options.host = values.host;
  if (values.port !== undefined) options.ports = [integerFlag('port', values.port, 1, 65_535)];
  if (values.ports !== undefined) options.ports = portList('ports', values.ports);
  if (values.duration !== undefined) {
    options.durationS = durationFlag('duration', values.duration, { max: LOAD_LIMITS.maxDurationS });
  }
  if (values.warmup !== undefined) {
    options.warmupS = durationFlag('warmup', values.warmup, {
      max: LOAD_LIMITS.maxDurationS,
      allowZero: true,
    });
  }
  if (values.grace !== undefined) {
    options.graceS = durationFlag('grace', values.grace, { max: LOAD_LIMITS.maxGraceS, allowZero: true });
  }
  if (values.workers !== undefined) {
    options.workers = integerFlag('workers', values.workers, 1, LOAD_LIMITS.maxClients);
  }
  try {
    planLoad(options); // the remaining range checks (a --mix item's n, workers ≤ clients) before anything starts
  } catch (error) {
    if (isLoadError(error, LoadErrorCodes.OPTIONS)) throw new UsageError(error.message);
    throw error;
  }
  return options;
}
