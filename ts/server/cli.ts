import { parseArgs } from 'node:util';
import { MAX_EXACT_N } from '../fib.js';
import { runForwardingSignals } from './child-server.js';
import { DEFAULT_SERVER_OPTIONS, type ServerOptions } from './options.js';
import { runPeer } from './peers.js';
import { runCluster } from './process-models/cluster.js';
import { runMany } from './process-models/many.js';
import { runSingleProcess } from './process-models/single.js';
import { findVariant, VARIANTS } from './variants.js';
import { variantsMarkdown, variantsText } from './variants-table.js';

const d = DEFAULT_SERVER_OPTIONS;
const SERVE_USAGE = `Usage: fiblab serve [--variant NAME] [options]

Starts one server variant speaking the fiblab line protocol. Prints one readiness line
("fiblab listening host=... port=... variant=... pid=...") once it accepts connections.
SIGINT/SIGTERM shut it down gracefully; a second signal exits at once.

Options (default in brackets):
  --variant NAME            one of: ${VARIANTS.map((v) => v.name).join(', ')} [event-loop]
  --host HOST               address to bind [${d.host}]
  --port PORT               TCP port, 0 = any free port [${d.port}]
  --workers N               pool threads / child processes / cluster workers [${d.workers} = cores]
  --instances N             processes of the 'many' variant, on ports PORT..PORT+N-1 [${d.instances}]
  --max-n N                 largest n served, at most ${MAX_EXACT_N} [${d.maxN}]
  --max-line-bytes N        longest request line; longer ones get ERR ETOOLONG [${d.maxLineBytes}]
  --max-pending N           unanswered requests per connection before it stops reading [${d.maxPending}]
  --max-connections N       open connections; one more gets ERR EBUSY [${d.maxConnections}]
  --idle-timeout SECONDS    close a connection idle this long, 0 = never [${d.idleTimeoutMs / 1000}]
  --shutdown-timeout SECONDS  how long shutdown waits for in-flight requests [${d.shutdownTimeoutMs / 1000}]
  --inline-below N          answer n below N on the event loop, offload only larger n
                            (pool, native-async, worker-per-connection, process-pool) [0 = off]
  --uv-threadpool-size N    libuv pool threads for native-async (re-execs with UV_THREADPOOL_SIZE) [4]
  -h, --help                this text

The peers (py-*, go) honour --host, --port, --max-n, --workers and --instances; the other limits
are the TypeScript server core's.
`;

const SERVE_FLAGS = {
  variant: { type: 'string', default: 'event-loop' },
  host: { type: 'string', default: d.host },
  port: { type: 'string', default: String(d.port) },
  workers: { type: 'string', default: String(d.workers) },
  instances: { type: 'string', default: String(d.instances) },
  'max-n': { type: 'string', default: String(d.maxN) },
  'max-line-bytes': { type: 'string', default: String(d.maxLineBytes) },
  'max-pending': { type: 'string', default: String(d.maxPending) },
  'max-connections': { type: 'string', default: String(d.maxConnections) },
  'idle-timeout': { type: 'string', default: String(d.idleTimeoutMs / 1000) },
  'shutdown-timeout': { type: 'string', default: String(d.shutdownTimeoutMs / 1000) },
  'uv-threadpool-size': { type: 'string' },
  'inline-below': { type: 'string', default: String(d.inlineBelow) },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** A bad command line: printed with the usage, exit status 2. */
class UsageError extends Error {}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

function seconds(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`--${flag} must be a number of seconds ≥ 0, got '${text}'`);
  }
  return Math.round(value * 1000);
}

/** `fiblab serve`. */
export async function serveCli(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({ args: argv, options: SERVE_FLAGS, strict: true, allowPositionals: false });
    if (values.help) {
      process.stdout.write(SERVE_USAGE);
      return 0;
    }
    const variant = findVariant(values.variant);
    if (variant === undefined) {
      throw new UsageError(
        `unknown variant '${values.variant}'; valid: ${VARIANTS.map((v) => v.name).join(', ')}`,
      );
    }
    const options: ServerOptions = {
      host: values.host,
      port: integer('port', values.port, 0, 65535),
      workers: integer('workers', values.workers, 1, 256),
      instances: integer('instances', values.instances, 1, 64),
      maxN: integer('max-n', values['max-n'], 0, MAX_EXACT_N),
      maxLineBytes: integer('max-line-bytes', values['max-line-bytes'], 2, 4096),
      maxPending: integer('max-pending', values['max-pending'], 1, 100_000),
      maxConnections: integer('max-connections', values['max-connections'], 1, 1_000_000),
      idleTimeoutMs: seconds('idle-timeout', values['idle-timeout']),
      shutdownTimeoutMs: seconds('shutdown-timeout', values['shutdown-timeout']),
      inlineBelow: integer('inline-below', values['inline-below'], 0, MAX_EXACT_N + 1),
    };
    const poolSize = values['uv-threadpool-size'];
    if (poolSize !== undefined) {
      integer('uv-threadpool-size', poolSize, 1, 1024);
      // Bun and Deno run N-API async work on their own thread pools: the flag would do nothing.
      const other =
        process.versions.bun !== undefined ? 'Bun' : process.versions.deno !== undefined ? 'Deno' : '';
      if (other !== '') {
        throw new UsageError(
          `--uv-threadpool-size has no effect on ${other}: it runs N-API async work on its own pool, not libuv's`,
        );
      }
      // libuv sizes its pool once, at first use, from the environment it started with.
      if (process.env.UV_THREADPOOL_SIZE !== poolSize) return reexec({ UV_THREADPOOL_SIZE: poolSize });
    }
    if (variant.kind === 'peer') return await runPeer(variant, options);
    switch (variant.processModel) {
      case 'single':
      case 'sequential':
        return await runSingleProcess(variant, options);
      case 'cluster':
        return await runCluster(variant, options);
      case 'many':
        return await runMany(variant, options, serverArgs(options));
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`fiblab serve: ${error.message}\nRun 'fiblab serve --help' for the options.\n`);
      return 2;
    }
    process.stderr.write(`fiblab serve: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** The flags an instance of `many` inherits from its launcher. */
function serverArgs(o: ServerOptions): string[] {
  return [
    ...['--host', o.host, '--max-n', String(o.maxN), '--max-line-bytes', String(o.maxLineBytes)],
    ...['--max-pending', String(o.maxPending), '--max-connections', String(o.maxConnections)],
    ...[
      '--idle-timeout',
      String(o.idleTimeoutMs / 1000),
      '--shutdown-timeout',
      String(o.shutdownTimeoutMs / 1000),
    ],
    '--inline-below',
    String(o.inlineBelow),
  ];
}

/** Runs this same command again with `env` added, in the foreground. */
function reexec(env: Record<string, string>): Promise<number> {
  return runForwardingSignals(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    ...process.env,
    ...env,
  });
}

/** `fiblab variants`: the registry as a table; `--json` or `--markdown` (the README's table) for scripts. */
export async function variantsCli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, markdown: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(VARIANTS, null, 2)}\n`);
  else if (values.markdown) process.stdout.write(`${variantsMarkdown()}\n`);
  else process.stdout.write(`${variantsText()}\n`);
  return 0;
}
