/** `fiblab compare`'s flags, parsed and checked before anything starts (a typo fails in well under a second). */
import type { CommandSpec } from '../cli/command.js';
import { UsageError } from '../cli/command.js';
import { durationFlag, integerFlag, listFlag } from '../cli/values.js';
import { RUNTIMES, type RuntimeName } from '../runtimes/registry.js';
import { VARIANTS } from '../variants/registry.js';
import type { Timing } from './measure.js';
import { DEFAULT_SCENARIOS, SCENARIOS, type ScenarioName } from './scenarios.js';

/** What a compare run measures, and where its results go. */
export interface CompareOptions {
  /** Every scenario, and every variant on every runtime. */
  full: boolean;
  runtimes: RuntimeName[];
  /** Only these variants (undefined = all). */
  only: string[] | undefined;
  scenarios: ScenarioName[];
  clientCounts: number[];
  timing: Timing;
  repeats: number;
  /** Print the JSON document on stdout instead of the report. */
  json: boolean;
  /** Where the results go. */
  outDir: string;
  /** Re-render a saved run instead of measuring. */
  from: string | undefined;
}

const scenarioNames = Object.keys(SCENARIOS) as ScenarioName[];

/** The flag table: `--help` and the parser both come from it. */
export const COMPARE_COMMAND = {
  name: 'fiblab compare',
  synopsis:
    'fiblab compare [options]   (also: npm run compare -- [options], npx zx scripts/compare.mjs [options])',
  description: `Runs every server variant (TypeScript, the Python and Go peers, other JS runtimes) under the
same load generator, on this machine, in one run; prints the seed talk's tables and writes
<out>/<timestamp>.json (every measurement), .md (the full tables) and .svg (the chart).
The same command: npm run compare -- [options], npx zx scripts/compare.mjs [options].`,
  flags: {
    quick: { type: 'boolean', help: '1 repeat, 0.5 s warm-up, 1 s measured (~3 minutes)' },
    full: { type: 'boolean', help: 'every scenario (heavy included), every variant on every runtime' },
    runtimes: {
      type: 'string',
      value: 'a,b',
      help: `of: ${RUNTIMES.map((r) => r.name).join(', ')}; installed on demand`,
      shownDefault: 'all',
    },
    only: { type: 'string', value: 'a,b', help: 'only these variants (see `fiblab variants`)' },
    scenarios: {
      type: 'string',
      value: 'a,b',
      help: `of: ${scenarioNames.join(', ')}`,
      shownDefault: DEFAULT_SCENARIOS.join(','),
    },
    clients: {
      type: 'string',
      value: 'a,b',
      help: 'client counts of the rate scenarios',
      shownDefault: '1,2',
    },
    warmup: {
      type: 'string',
      value: 'DURATION',
      help: 'warm-up of the first cell after a server starts; later cells 0.25 s',
      shownDefault: '0.75s',
    },
    duration: { type: 'string', value: 'DURATION', help: 'measured time per cell', shownDefault: '1.25s' },
    repeat: { type: 'string', value: 'N', help: 'repeats, reported as median (min–max)', shownDefault: '3' },
    json: { type: 'boolean', help: 'print the JSON document instead of the report' },
    out: { type: 'string', value: 'DIR', help: 'where results go (git ignores it)', shownDefault: 'results' },
    from: {
      type: 'string',
      value: 'FILE',
      help: 're-render a saved <timestamp>.json, measuring nothing',
    },
  },
  epilogue: "Server and load generator share this machine's cores: read ratios within one run.",
} as const satisfies CommandSpec<Record<string, import('../cli/command.js').FlagSpec>>;

type Values = {
  [K in keyof typeof COMPARE_COMMAND.flags]?: (typeof COMPARE_COMMAND.flags)[K]['type'] extends 'boolean'
    ? boolean
    : string;
};

/** Typed options from the parsed flags; throws UsageError on any unknown name or bad value. */
export function compareOptions(values: Values, defaultOut: string): CompareOptions {
  const quick = values.quick === true;
  if (quick && values.full) throw new UsageError('give --quick or --full, not both');
  const only =
    values.only === undefined
      ? undefined
      : listFlag(
          'only',
          values.only,
          VARIANTS.map((v) => v.name),
        );
  const scenarios = values.full
    ? scenarioNames
    : values.scenarios === undefined
      ? [...DEFAULT_SCENARIOS]
      : listFlag('scenarios', values.scenarios, scenarioNames);
  const clientCounts =
    values.clients === undefined
      ? [1, 2]
      : listFlag('clients', values.clients).map((c) => integerFlag('clients', c, 1, 1024));
  return {
    full: values.full === true,
    runtimes:
      values.runtimes === undefined
        ? RUNTIMES.map((r) => r.name)
        : listFlag(
            'runtimes',
            values.runtimes,
            RUNTIMES.map((r) => r.name),
          ),
    only,
    scenarios,
    clientCounts: [...new Set(clientCounts)],
    timing: {
      firstWarmupS:
        values.warmup === undefined
          ? quick
            ? 0.5
            : 0.75
          : durationFlag('warmup', values.warmup, { allowZero: true }),
      warmupS: quick ? 0.2 : 0.25,
      durationS:
        values.duration === undefined ? (quick ? 1 : 1.25) : durationFlag('duration', values.duration),
    },
    repeats: values.repeat === undefined ? (quick ? 1 : 3) : integerFlag('repeat', values.repeat, 1, 100),
    json: values.json === true,
    outDir: values.out ?? defaultOut,
    from: values.from,
  };
}
