#!/usr/bin/env node
/**
 * `npm run regress -- [options] [-- compare flags]`: the regression gate of a pull request, one
 * step at a time, so CI (.github/workflows/regress.yml) and a developer run the same thing.
 *
 *   --save FILE       measure a short run and save it as FILE (the base branch's run)
 *   --baseline FILE   measure a short run (or take --new) and diff it against FILE; exit 1 when
 *                     a cell is significantly worse by more than --threshold
 *   --new FILE        the run to check, already measured (skip measuring)
 *   --threshold PCT   the regression that fails the gate [10%]
 *   --cli PATH        the fiblab to measure with [dist/cli.js of this checkout]
 *   --out DIR         where runs and the report go [results/regress]
 *
 * Flags after `--` replace the short run's defaults (REGRESS_RUN below). The report (Markdown) is
 * written to <out>/regress.md and, on GitHub Actions, appended to the job summary.
 * Exit status: 0 no regression, 1 a regression, 2 bad input or runs not comparable.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The short run: both seed scenarios on the system Node, enough rounds for an interval between runs (4+). */
export const REGRESS_RUN = [
  '--runtimes',
  'node',
  '--scenarios',
  'io,cpu',
  '--rounds',
  '6',
  '--slice',
  '0.3s',
];
/** A run may take this long before it is stopped (SIGKILL by PID). */
const RUN_TIMEOUT_MS = 30 * 60_000;
const USAGE =
  'Usage: npm run regress -- (--save FILE | --baseline FILE [--new FILE] [--threshold PCT]) [--cli PATH] [--out DIR] [-- compare flags]';

function fail(message) {
  process.stderr.write(`regress: ${message}\n${USAGE}\n`);
  return 2;
}

/** Runs fiblab with `args`; stdout is returned, stderr passes through (progress, errors). */
function fiblab(cli, args) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
    timeout: RUN_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout };
}

/** Measures the short run into `out`; returns the path of its <timestamp>.json, or an exit status. */
function measure(cli, compareFlags, out) {
  const { status, stdout } = fiblab(cli, ['compare', ...compareFlags, '--out', out, '--json']);
  if (status !== 0) return status;
  const { environment } = JSON.parse(stdout);
  return join(out, `${environment.date.replace(/[:.]/g, '-')}.json`);
}

export function main(argv) {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const compareFlags = split === -1 ? REGRESS_RUN : argv.slice(split + 1);
  let values;
  try {
    ({ values } = parseArgs({
      args: own,
      options: {
        save: { type: 'string' },
        baseline: { type: 'string' },
        new: { type: 'string' },
        threshold: { type: 'string', default: '10%' },
        cli: { type: 'string', default: fileURLToPath(new URL('../dist/cli.js', import.meta.url)) },
        out: { type: 'string', default: 'results/regress' },
      },
    }));
  } catch (error) {
    return fail(error.message.split(/\.\s/)[0]);
  }
  if ((values.save === undefined) === (values.baseline === undefined))
    return fail('give --save FILE or --baseline FILE');
  if (values.save !== undefined && values.new !== undefined) return fail('--new goes with --baseline');
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });

  if (values.save !== undefined) {
    const run = measure(values.cli, compareFlags, out);
    if (typeof run === 'number') return run;
    copyFileSync(run, values.save);
    process.stderr.write(`regress: saved the run as ${values.save}\n`);
    return 0;
  }
  const fresh = values.new ?? measure(values.cli, compareFlags, out);
  if (typeof fresh === 'number') return fresh;
  const diff = fiblab(values.cli, [
    'diff',
    '--markdown',
    '--threshold',
    values.threshold,
    values.baseline,
    fresh,
  ]);
  if (diff.status === 2) return 2; // diff said why (not comparable, bad file) on stderr
  const report = `## fiblab: this change against the base branch\n\n${diff.stdout}`;
  writeFileSync(join(out, 'regress.md'), report);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, report);
  process.stdout.write(diff.stdout);
  return diff.status;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
