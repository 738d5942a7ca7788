/** `fiblab load` flags → LoadOptions (node:util parseArgs); ranges are checked by planLoad. */
import { parseArgs } from 'node:util';
import { LOAD_DEFAULTS } from './defaults.js';
import { optionsError } from './errors.js';
import { planLoad } from './plan.js';
import type { GroupSpec, LoadOptions } from './types.js';

/** The `fiblab load --help` text. */
export const LOAD_USAGE = `Usage: fiblab load [options]

Closed-loop clients against a server speaking the fiblab line protocol: each connection sends n,
waits for the whole reply, checks it byte for byte against the exact fib(n), and repeats.
Reports req/s, latency percentiles (µs), clients not served, errors and wrong answers.

Options:
  --clients C        connections, one request in flight each          (default ${LOAD_DEFAULTS.clients})
  --n N              the request every client sends                   (default ${LOAD_DEFAULTS.n})
  --mix LIST         groups <n>x<clients>, e.g. 30x1,1x1 (a CPU-bound client beside an
                     I/O-bound one), each reported on its own; replaces --n and --clients
  --duration S       measured seconds                                 (default ${LOAD_DEFAULTS.durationS})
  --warmup S         seconds of load before measuring, not counted    (default ${LOAD_DEFAULTS.warmupS})
  --grace S          longest wait at the end for requests in flight   (default ${LOAD_DEFAULTS.graceS})
  --host HOST        server address                                   (default ${LOAD_DEFAULTS.host})
  --port P           server port                                      (default ${LOAD_DEFAULTS.port})
  --ports P1,P2,...  several ports (the "many" server): clients assigned round-robin
  --workers W        client worker threads             (default min(clients, available cores))
  --json             print the report as one JSON document (schemaVersion 1) on stdout
  -h, --help         this text

Exit status: 0 measured; 1 wrong answers seen, or no client could connect; 2 bad options.
`;

/** What the command line asks for. */
export type ParsedLoadArgs =
  | { kind: 'help' }
  | { kind: 'run'; options: LoadOptions; json: boolean }
  | { kind: 'usage-error'; message: string };

const INTEGER = /^\d+$/;
const SECONDS = /^(\d+(\.\d*)?|\.\d+)$/;
const MIX_ITEM = /^(\d+)x(\d+)$/;

function integer(flag: string, text: string): number {
  if (!INTEGER.test(text)) throw optionsError(`--${flag} must be a whole number, got '${text}'`);
  return Number(text);
}

function seconds(flag: string, text: string): number {
  if (!SECONDS.test(text)) throw optionsError(`--${flag} must be a number of seconds, got '${text}'`);
  return Number(text);
}

function mix(text: string): GroupSpec[] {
  return text.split(',').map((item) => {
    const match = MIX_ITEM.exec(item.trim());
    if (match === null) throw optionsError(`--mix items are <n>x<clients> (e.g. 30x1,1x1), got '${item}'`);
    return { n: Number(match[1]), clients: Number(match[2]) };
  });
}

function toOptions(argv: string[]): ParsedLoadArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      clients: { type: 'string' },
      n: { type: 'string' },
      mix: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      grace: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      ports: { type: 'string' },
      workers: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { kind: 'help' };
  if (values.mix !== undefined && (values.n !== undefined || values.clients !== undefined)) {
    throw optionsError('--mix replaces --n and --clients: give one or the other');
  }
  if (values.port !== undefined && values.ports !== undefined) {
    throw optionsError('give --port or --ports, not both');
  }
  const groups =
    values.mix !== undefined
      ? mix(values.mix)
      : [
          {
            n: values.n === undefined ? LOAD_DEFAULTS.n : integer('n', values.n),
            clients:
              values.clients === undefined ? LOAD_DEFAULTS.clients : integer('clients', values.clients),
          },
        ];
  const options: LoadOptions = { groups };
  if (values.host !== undefined) options.host = values.host;
  if (values.port !== undefined) options.ports = [integer('port', values.port)];
  if (values.ports !== undefined)
    options.ports = values.ports.split(',').map((p) => integer('ports', p.trim()));
  if (values.duration !== undefined) options.durationS = seconds('duration', values.duration);
  if (values.warmup !== undefined) options.warmupS = seconds('warmup', values.warmup);
  if (values.grace !== undefined) options.graceS = seconds('grace', values.grace);
  if (values.workers !== undefined) options.workers = integer('workers', values.workers);
  planLoad(options); // range checks now, so a bad value is a usage error before anything starts
  return { kind: 'run', options, json: values.json === true };
}

/** Parses `fiblab load` arguments; never throws (bad input becomes a `usage-error`). */
export function parseLoadArgs(argv: string[]): ParsedLoadArgs {
  try {
    return toOptions(argv);
  } catch (error) {
    // parseArgs' own errors (unknown flag, missing value) and ours are all the user's to fix.
    return { kind: 'usage-error', message: error instanceof Error ? error.message : String(error) };
  }
}
