/** `fiblab diff OLD.json NEW.json`: two saved runs, cell by cell, new ÷ old with 95 % intervals between runs. */
import { runCommand, UsageError } from '../cli/command.js';
import { percentFlag } from '../cli/values.js';
import {
  BASELINE_METRICS,
  type BaselineComparison,
  type BaselineMetric,
  compareWithBaseline,
  NotComparableError,
  notComparable,
  regressions,
} from '../compare/analyse/baseline.js';
import { type CompareDocument, readSaved } from '../compare/analyse/document.js';
import { renderBaseline } from '../compare/render/baseline-table.js';
import type { CompareEnvironment, Timing } from '../compare/types.js';
import { describeEnvironment } from '../environment.js';
import { formatRatio } from '../stats/format.js';

/** The flag table: `--help` and the parser both come from it. */
export const DIFF_COMMAND = {
  name: 'fiblab diff',
  synopsis: 'fiblab diff [options] OLD.json NEW.json',
  description: `Compares two saved compare runs (results/<timestamp>.json), like benchstat's old.txt new.txt:
for every cell both measured, new ÷ old of req/s, p99 and server CPU per reply, each with a 95 %
interval from the two runs' per-round values (unpaired: Hodges–Lehmann with the Mann–Whitney
interval); ~ where the interval holds 1. Refuses runs made on another machine or with other
slice settings, naming the field. Weaker than the paired ratios within one run (docs/baseline.md).`,
  flags: {
    threshold: {
      type: 'string',
      value: 'PERCENT',
      help: "exit 1 when a cell (read against the whole run's shift) or the whole run is\nsignificantly worse by more than PERCENT in req/s or CPU per reply (e.g. 10%):\nthe regression gate of CI",
    },
    markdown: { type: 'boolean', help: 'print the table as Markdown (for a pull-request comment)' },
    json: { type: 'boolean', help: 'print the comparison as JSON instead of the table' },
  },
  maxPositionals: 2,
  epilogue:
    'Exit status: 0 compared, 1 a regression beyond --threshold (or a failure), 2 bad input or runs not comparable.',
} as const;

const labelOf = (metric: BaselineMetric) =>
  BASELINE_METRICS.find((m) => m.metric === metric)?.label ?? metric;

/** new ÷ old, with the refusal of runs that cannot be compared as a usage error (exit 2, one line). */
export function compareOrRefuse(
  old: Pick<CompareDocument, 'environment' | 'records'>,
  fresh: Pick<CompareDocument, 'environment' | 'records'>,
): BaselineComparison {
  try {
    return compareWithBaseline(old, fresh);
  } catch (error) {
    if (error instanceof NotComparableError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Before a run measures anything: would it be comparable with `baseline`? Checks this machine
 * and the slice settings asked for (where the servers run is checked after the run).
 */
export function refuseEarly(baseline: CompareEnvironment, timing: Timing): void {
  const here = describeEnvironment();
  const planned = { ...baseline, cpuModel: here.cpuModel, cores: here.cores, timing };
  const reasons = notComparable(baseline, planned);
  if (reasons.length > 0)
    throw new UsageError(`--baseline: this run would not be comparable: ${reasons.join('; ')}`);
}

/** Runs `fiblab diff`; resolves with the exit status. */
export function diffCli(argv: string[]): Promise<number> {
  return runCommand(DIFF_COMMAND, argv, async (values, positionals) => {
    if (positionals.length !== 2) throw new UsageError('give two saved runs: OLD.json NEW.json');
    const threshold = values.threshold === undefined ? undefined : percentFlag('threshold', values.threshold);
    if (values.json && values.markdown) throw new UsageError('give --json or --markdown, not both');
    const [old, fresh] = await Promise.all([
      readSaved(positionals[0] as string, 'OLD'),
      readSaved(positionals[1] as string, 'NEW'),
    ]);
    const comparison = compareOrRefuse(old, fresh);
    const failing = threshold === undefined ? [] : regressions(comparison, threshold);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...comparison, regressions: failing }, null, 2)}\n`);
    } else {
      process.stdout.write(`${renderBaseline(comparison, values.markdown ? 'markdown' : 'terminal')}\n`);
      if (threshold !== undefined) {
        process.stdout.write(
          failing.length === 0
            ? `\nNo cell significantly worse by more than ${Math.round(threshold * 100)} %.\n`
            : `\nSignificantly worse by more than ${Math.round(threshold * 100)} %:\n${failing
                .map((r) => `- ${r.cell} ${labelOf(r.metric)}: ${formatRatio(r.change)} (${r.reading})`)
                .join('\n')}\n`,
        );
      }
    }
    return failing.length > 0 ? 1 : 0;
  });
}
