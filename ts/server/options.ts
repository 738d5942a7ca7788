/**
 * Every server option, once: its flag, type, default with the reason for it, help line, and who
 * else gets it (the instances of `many`, the reference peers). `fiblab serve`'s parsing and help,
 * the options a launched child receives and the peers' command lines are all derived from
 * {@link SERVE_OPTIONS}.
 */
import os from 'node:os';
import { UsageError } from '../cli/command.js';
import { durationFlag, integerFlag, oneOfFlag } from '../cli/values.js';
import type { InlineBelowSetting } from '../compute/inline-below.js';
import { DEFAULT_MAX_N, MAX_EXACT_N } from '../fib.js';
import { DEFAULT_MAX_LINE_BYTES, FRAMINGS, type Framing } from '../protocol.js';

/** The transports a server speaks: the line protocol, or HTTP/1.1 (`GET /fib/:n`). */
export const TRANSPORTS = ['tcp', 'http'] as const;

/** One of {@link TRANSPORTS}. */
export type Transport = (typeof TRANSPORTS)[number];

/** Everything a server process can be told; {@link DEFAULT_SERVER_OPTIONS} says the defaults. */
export interface ServerOptions {
  /** The line protocol over TCP, or HTTP/1.1 keep-alive. */
  transport: Transport;
  /** TCP: `line` (requests end in `\n`, pipelined) or `read` (also one request per read, the talk's clients). */
  framing: Framing;
  host: string;
  /** 0 = any free port (the readiness line tells which). */
  port: number;
  /** Largest n served (ERANGE above); at most MAX_EXACT_N = 78. */
  maxN: number;
  maxLineBytes: number;
  /** Unanswered requests per connection before the server stops reading it. */
  maxPending: number;
  /** Open connections per server process; one more is answered `ERR EBUSY` and closed. */
  maxConnections: number;
  /** A connection with nothing in flight and no traffic for this long is closed; 0 = never. */
  idleTimeoutMs: number;
  /** A line a client started must end within this long, else `ERR ETIMEDOUT` and close; 0 = never. */
  lineTimeoutMs: number;
  /** HTTP: a request head must arrive complete within this long of its first byte (or of the accept). */
  headerTimeoutMs: number;
  /** How long a graceful shutdown waits for in-flight requests before closing anyway. */
  shutdownTimeoutMs: number;
  /** Worker threads (pool), child processes (process-pool) or cluster workers. */
  workers: number;
  /** Independent processes of the `many` model, on ports port..port+instances-1. */
  instances: number;
  /**
   * Strategies that leave the event loop answer n below this on it instead; 0 = never; `auto` =
   * the server measures its hop and inline fib at start and chooses (ts/compute/offload-calibration.ts).
   */
  inlineBelow: InlineBelowSetting;
  /** libuv's pool size for native-async (the process re-executes itself with it); undefined = libuv's 4. */
  uvThreadpoolSize: number | undefined;
}

/**
 * Peers that honour an option (the Python peer refuses flags its mode has no use for);
 * `'if-set'`: every peer, but only when the value is not the default (older peer builds and the
 * seed's command lines stay as they were).
 */
type PeerUse = 'all' | 'pool-modes' | 'many-mode' | 'if-set' | 'none';

/** One server option. */
export interface ServeOption<K extends keyof ServerOptions = keyof ServerOptions> {
  key: K;
  flag: string;
  /** The value's placeholder in the help. */
  value: string;
  help: string;
  default: ServerOptions[K];
  /** Why this default. */
  reason: string;
  /** Parses the flag's text (throws a UsageError naming the flag). */
  parse(text: string): ServerOptions[K];
  /** The value as a command line spells it (for the help and the peers' argv). */
  show(value: ServerOptions[K]): string;
  /** Whether each instance of `many` gets the launcher's value (port and instances are the launcher's own). */
  inherited: boolean;
  /** Which reference peers get it, as the same flag. */
  peers: PeerUse;
}

const seconds = (flag: string) => ({
  parse: (text: string) => Math.round(durationFlag(flag, text, { allowZero: true }) * 1000),
  show: (ms: number) => `${ms / 1000}s`,
});
const int = (flag: string, min: number, max: number) => ({
  parse: (text: string) => integerFlag(flag, text, min, max),
  show: (value: number) => String(value),
});
const option = <K extends keyof ServerOptions>(o: ServeOption<K>): ServeOption<K> => o;

/** The table: flag order is the help's order. */
export const SERVE_OPTIONS = [
  option({
    key: 'transport',
    flag: 'transport',
    value: 'tcp|http',
    help: 'the line protocol, or HTTP/1.1 keep-alive (GET /fib/N), for autocannon, oha, wrk',
    default: 'tcp',
    reason:
      "the seed's line protocol; http costs a parse per request and is there for the tools that speak only HTTP",
    parse: (text) => oneOfFlag('transport', text, TRANSPORTS),
    show: (v) => v,
    inherited: true,
    peers: 'if-set',
  }),
  option({
    key: 'framing',
    flag: 'framing',
    value: 'line|read',
    help: "tcp: line = requests end in \\n (pipelining); read = also one request per read,\nfor the talk's clients that send bare digits (see docs/protocol.md)",
    default: 'line',
    reason:
      "lines survive any split or merge of reads on a real network; read framing is there for the talk's unmodified clients",
    parse: (text) => oneOfFlag('framing', text, FRAMINGS),
    show: (v) => v,
    inherited: true,
    peers: 'if-set',
  }),
  option({
    key: 'host',
    flag: 'host',
    value: 'HOST',
    help: 'address to bind',
    default: '127.0.0.1',
    reason: 'loopback: a demo server computing exponential work must not face the network by accident',
    parse: (text) => {
      if (text.trim() === '') throw new UsageError('--host must not be empty');
      return text.trim();
    },
    show: (v) => v,
    inherited: true,
    peers: 'all',
  }),
  option({
    key: 'port',
    flag: 'port',
    value: 'PORT',
    help: 'TCP port, 0 = any free port',
    default: 25000,
    reason: "the seed's port",
    ...int('port', 0, 65535),
    inherited: false,
    peers: 'all',
  }),
  option({
    key: 'workers',
    flag: 'workers',
    value: 'N',
    help: 'pool threads / child processes / cluster workers',
    default: os.availableParallelism(),
    reason: 'one per core: more only adds contention on a CPU-bound job',
    ...int('workers', 1, 256),
    inherited: true,
    peers: 'pool-modes',
  }),
  option({
    key: 'instances',
    flag: 'instances',
    value: 'N',
    help: "processes of the 'many' variant, on ports PORT..PORT+N-1",
    default: 2,
    reason: "the seed's many_server ran two",
    ...int('instances', 1, 64),
    inherited: false,
    peers: 'many-mode',
  }),
  option({
    key: 'maxN',
    flag: 'max-n',
    value: 'N',
    help: `largest n served, at most ${MAX_EXACT_N}`,
    default: DEFAULT_MAX_N,
    reason: 'fib(40) takes about a second in JS; more turns one request into a denial of service',
    ...int('max-n', 0, MAX_EXACT_N),
    inherited: true,
    peers: 'all',
  }),
  option({
    key: 'maxLineBytes',
    flag: 'max-line-bytes',
    value: 'N',
    help: 'longest request line; longer ones get ERR ETOOLONG',
    default: DEFAULT_MAX_LINE_BYTES,
    reason: 'the longest valid request is 2 digits; 32 leaves room and bounds what a line can hold',
    ...int('max-line-bytes', 2, 4096),
    inherited: true,
    peers: 'none',
  }),
  option({
    key: 'maxPending',
    flag: 'max-pending',
    value: 'N',
    help: 'unanswered requests per connection before it stops reading',
    default: 64,
    reason: 'enough pipelining to hide a round trip, small enough that memory stays bounded',
    ...int('max-pending', 1, 100_000),
    inherited: true,
    peers: 'none',
  }),
  option({
    key: 'maxConnections',
    flag: 'max-connections',
    value: 'N',
    help: 'open connections; one more gets ERR EBUSY',
    default: 1024,
    reason: 'far above any benchmark here, far below the file-descriptor limit',
    ...int('max-connections', 1, 1_000_000),
    inherited: true,
    peers: 'none',
  }),
  option({
    key: 'idleTimeoutMs',
    flag: 'idle-timeout',
    value: 'DURATION',
    help: 'close a connection idle this long (10s, 500ms), 0 = never',
    default: 60_000,
    reason: 'idle connections hold a socket (and a thread, for worker-per-connection)',
    ...seconds('idle-timeout'),
    inherited: true,
    peers: 'none',
  }),
  option({
    key: 'lineTimeoutMs',
    flag: 'line-timeout',
    value: 'DURATION',
    help: 'a started line must end within this (ERR ETIMEDOUT, close), 0 = never',
    default: 10_000,
    reason: "like Node's headersTimeout: a client dripping bytes must not hold a slot for ever",
    ...seconds('line-timeout'),
    inherited: true,
    peers: 'none',
  }),
  option({
    key: 'headerTimeoutMs',
    flag: 'header-timeout',
    value: 'DURATION',
    help: 'HTTP: close a connection whose request head is not complete this long\nafter its first byte (or after the accept)',
    default: 10_000,
    reason: 'a request head is a few dozen bytes; 10 s is ample for any client and bounds a slowloris',
    parse: (text) => Math.round(durationFlag('header-timeout', text) * 1000),
    show: (ms: number) => `${ms / 1000}s`,
    inherited: true,
    peers: 'none',
  }),
  option({
    key: 'shutdownTimeoutMs',
    flag: 'shutdown-timeout',
    value: 'DURATION',
    help: 'how long shutdown waits for in-flight requests',
    default: 5_000,
    reason: 'in-flight requests are at most a few fib(40)s',
    ...seconds('shutdown-timeout'),
    inherited: true,
    peers: 'none',
  }),
  option({
    key: 'inlineBelow',
    flag: 'inline-below',
    value: 'N|auto',
    help: 'answer n below N on the event loop, offload only larger n\n(pool, native-async, worker-per-connection, process-pool), 0 = off;\nauto = measure the hop and the inline fib at start (~0.3 s) and choose N',
    default: 0,
    reason: 'off: each variant shows its strategy as it is; the flag shows where offloading starts to pay',
    parse: (text) => {
      if (text.trim() === 'auto') return 'auto';
      if (!/^\d+$/.test(text.trim()) || Number(text.trim()) > MAX_EXACT_N + 1) {
        throw new UsageError(
          `--inline-below must be a whole number from 0 to ${MAX_EXACT_N + 1} or 'auto', got '${text}'`,
        );
      }
      return Number(text.trim());
    },
    show: (v) => String(v),
    inherited: true,
    peers: 'none',
  }),
  option({
    key: 'uvThreadpoolSize',
    flag: 'uv-threadpool-size',
    value: 'N',
    help: 'libuv pool threads for native-async (re-executes with UV_THREADPOOL_SIZE; Node only)',
    default: undefined,
    reason: "libuv's own default (4) unless asked",
    parse: (text) => integerFlag('uv-threadpool-size', text, 1, 1024),
    show: (v) => (v === undefined ? "libuv's 4" : String(v)),
    inherited: true,
    peers: 'none',
  }),
] as const satisfies readonly ServeOption[];

/** The defaults, each with its reason in {@link SERVE_OPTIONS}. */
export const DEFAULT_SERVER_OPTIONS: Readonly<ServerOptions> = Object.fromEntries(
  SERVE_OPTIONS.map((o) => [o.key, o.default]),
) as unknown as ServerOptions;

/** Typed options from the flags' texts (absent flags take `base`'s value: a preset's, else the default). */
export function serverOptionsFromFlags(
  texts: Readonly<Record<string, string | undefined>>,
  base: Partial<ServerOptions> = {},
): ServerOptions {
  const options: Record<string, unknown> = { ...DEFAULT_SERVER_OPTIONS, ...base };
  for (const o of SERVE_OPTIONS as readonly ServeOption[]) {
    const text = texts[o.flag];
    if (text !== undefined) options[o.key] = o.parse(text);
  }
  if (options.framing === 'read' && options.transport !== 'tcp') {
    throw new UsageError('--framing read applies to --transport tcp only (HTTP has its own framing)');
  }
  return options as unknown as ServerOptions;
}

/** `fiblab serve` flags for the options that differ from the defaults (how another machine is told them). */
export function serveFlags(options: ServerOptions): string[] {
  return (SERVE_OPTIONS as readonly ServeOption[]).flatMap((o) =>
    options[o.key] === undefined || options[o.key] === o.default
      ? []
      : [`--${o.flag}`, o.show(options[o.key] as never)],
  );
}

/** The options a `many` instance (or any child server) runs with: the inherited ones, plus its own. */
export function inheritedOptions(from: ServerOptions, own: Partial<ServerOptions>): ServerOptions {
  const options: Record<string, unknown> = { ...DEFAULT_SERVER_OPTIONS };
  for (const o of SERVE_OPTIONS as readonly ServeOption[]) if (o.inherited) options[o.key] = from[o.key];
  return { ...(options as unknown as ServerOptions), ...own };
}

/** The peer's command-line flags for these options, as each kind of peer takes them. */
export function peerFlags(options: ServerOptions, mode: 'go' | string): string[] {
  const uses = (use: PeerUse, o: ServeOption) =>
    use === 'all' ||
    (use === 'if-set' && options[o.key] !== o.default) ||
    (use === 'pool-modes' && (mode === 'process' || mode === 'subinterpreters')) ||
    (use === 'many-mode' && mode === 'many');
  return (SERVE_OPTIONS as readonly ServeOption[]).flatMap((o) =>
    uses(o.peers, o) && options[o.key] !== undefined ? [`--${o.flag}`, o.show(options[o.key] as never)] : [],
  );
}

/**
 * Checks an options object a parent process handed over (JSON, see handoff.ts): every field has
 * its option's type; absent fields take their default. The parent parsed and range-checked them.
 */
export function validateServerOptions(value: unknown): ServerOptions {
  if (typeof value !== 'object' || value === null) throw new Error('server options must be an object');
  const record = value as Record<string, unknown>;
  const options: Record<string, unknown> = {};
  for (const o of SERVE_OPTIONS as readonly ServeOption[]) {
    const field = record[o.key] ?? o.default;
    const expected = o.key === 'host' || o.key === 'transport' || o.key === 'framing' ? 'string' : 'number';
    // --inline-below is the one number option that also takes a word.
    const word = o.key === 'inlineBelow' && field === 'auto';
    if (field !== undefined && !word && typeof field !== expected) {
      throw new Error(`server option ${o.key} must be a ${expected}, got ${JSON.stringify(field)}`);
    }
    options[o.key] = field;
  }
  if (!(TRANSPORTS as readonly unknown[]).includes(options.transport)) {
    throw new Error(
      `server option transport must be one of ${TRANSPORTS.join(', ')}, got ${JSON.stringify(options.transport)}`,
    );
  }
  if (!(FRAMINGS as readonly unknown[]).includes(options.framing)) {
    throw new Error(
      `server option framing must be one of ${FRAMINGS.join(', ')}, got ${JSON.stringify(options.framing)}`,
    );
  }
  return options as unknown as ServerOptions;
}
