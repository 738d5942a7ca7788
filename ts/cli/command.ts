/**
 * The one convention every `fiblab` command follows: flags declared once in a table (from which
 * node:util parseArgs' config and the help's option list are both derived), `--help` on every
 * command, and bad input answered with one line saying what is wrong plus the usage line, exit
 * status 2, never a stack trace. Unexpected failures print one line and exit 1.
 */
import { parseArgs } from 'node:util';

/** A command-line mistake: printed with the usage line, exit status 2. */
export class UsageError extends Error {
  readonly code = 'ERR_USAGE';
}

/** One flag: how it is parsed and how `--help` shows it. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The value's placeholder in the help, e.g. `N`, `SECONDS`, `a,b` (string flags). */
  value?: string;
  /** One line (or a few, joined by `\n`) for the help. */
  help: string;
  /** The default as the help shows it (the typed default lives with the command's options). */
  shownDefault?: string;
  /** A string flag that may be given more than once. */
  multiple?: boolean;
}

/** A command: its name as the user types it, its flags and how its help reads. */
export interface CommandSpec<F extends Record<string, FlagSpec>> {
  /** e.g. `fiblab load`. */
  name: string;
  /** The synopsis after `Usage: `, e.g. `fiblab load [options] [HOST:PORT]`. */
  synopsis: string;
  /** Paragraphs between the usage line and the options. */
  description: string;
  flags: F;
  /** Text after the options (exit statuses, examples). */
  epilogue?: string;
  /** How many positional arguments it takes (default none). */
  maxPositionals?: number;
}

type Values<F extends Record<string, FlagSpec>> = {
  [K in keyof F]?: F[K]['type'] extends 'boolean'
    ? boolean
    : F[K]['multiple'] extends true
      ? string[]
      : string;
};

/** The help text of a command, options listed from its flag table. */
export function helpText<F extends Record<string, FlagSpec>>(spec: CommandSpec<F>): string {
  const entries = Object.entries(spec.flags).map(([name, flag]) => {
    const left = `${flag.short ? `-${flag.short}, ` : '    '}--${name}${flag.type === 'string' ? ` ${flag.value ?? 'VALUE'}` : ''}`;
    const lines = flag.help.split('\n');
    if (flag.shownDefault !== undefined) lines[lines.length - 1] += ` [${flag.shownDefault}]`;
    return { left, lines };
  });
  entries.push({ left: '-h, --help', lines: ['this text'] });
  const width = Math.min(30, Math.max(...entries.map((e) => e.left.length)) + 2);
  const options = entries.flatMap(({ left, lines }) =>
    lines.map((line, i) =>
      i === 0
        ? left.length + 2 > width
          ? `  ${left}\n  ${' '.repeat(width)}${line}`
          : `  ${left.padEnd(width)}${line}`
        : `  ${' '.repeat(width)}${line}`,
    ),
  );
  return [
    `Usage: ${spec.synopsis}`,
    '',
    spec.description.trim(),
    '',
    'Options:',
    ...options,
    ...(spec.epilogue ? ['', spec.epilogue.trim()] : []),
    '',
  ].join('\n');
}

/** A value that parseArgs would take for a flag: `-1`, `-0.5`. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * `--port -1` as `--port=-1`: parseArgs refuses a value that starts with a dash ("argument is
 * ambiguous"), so a negative number after a string flag is joined to it, and the flag's own
 * parser says what range it takes.
 */
function joinNegativeValues(
  argv: readonly string[],
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>,
): string[] {
  const takesValue = (arg: string): boolean => {
    const long = /^--([^=]+)$/.exec(arg)?.[1];
    if (long !== undefined) return options[long]?.type === 'string';
    const short = /^-([^-])$/.exec(arg)?.[1];
    return Object.values(options).some((o) => o.short === short && o.type === 'string');
  };
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (next !== undefined && NEGATIVE_NUMBER.test(next) && takesValue(arg)) {
      args.push(arg.startsWith('--') ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else args.push(arg);
  }
  return args;
}

/** Parses `argv` against the flag table; throws UsageError on anything parseArgs refuses. */
export function parseFlags<F extends Record<string, FlagSpec>>(
  spec: CommandSpec<F>,
  argv: readonly string[],
): { values: Values<F> & { help?: boolean }; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, flag] of Object.entries(spec.flags)) {
    options[name] = { type: flag.type, ...(flag.short ? { short: flag.short } : {}) };
    if (flag.multiple) options[name].multiple = true;
  }
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(argv, options),
      options,
      strict: true,
      allowPositionals: true,
    });
    const max = spec.maxPositionals ?? 0;
    if (!values.help && positionals.length > max) {
      throw new UsageError(
        max === 0
          ? `unexpected argument '${positionals[0]}'`
          : `unexpected argument '${positionals[max]}' (at most ${max})`,
      );
    }
    return { values: values as Values<F> & { help?: boolean }, positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // parseArgs' own errors (ERR_PARSE_ARGS_*): unknown flag, missing value, flag given a value.
    // Their first sentence says it; the rest is advice about '--' that does not apply here.
    const message =
      error instanceof Error ? (error.message.split(/\.\s/)[0] ?? error.message) : String(error);
    throw new UsageError(message.charAt(0).toLowerCase() + message.slice(1));
  }
}

/**
 * Runs a command: `--help` prints the help (exit 0); `main` gets the parsed flags. A
 * UsageError anywhere (parsing or later validation) prints one line plus the usage line and
 * resolves 2; any other error prints one line and resolves 1.
 */
export async function runCommand<F extends Record<string, FlagSpec>>(
  spec: CommandSpec<F>,
  argv: readonly string[],
  main: (values: Values<F>, positionals: string[]) => Promise<number> | number,
): Promise<number> {
  try {
    const { values, positionals } = parseFlags(spec, argv);
    if (values.help) {
      process.stdout.write(helpText(spec));
      return 0;
    }
    return await main(values, positionals);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(
        `${spec.name}: ${error.message}\nUsage: ${spec.synopsis}   ('${spec.name} --help' for the options)\n`,
      );
      return 2;
    }
    process.stderr.write(`${spec.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
