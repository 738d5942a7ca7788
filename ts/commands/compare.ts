/** `fiblab compare` (and `npm run compare`, `zx scripts/compare.mjs`): measure, or re-render a saved run. */

import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand, UsageError } from '../cli/command.js';
import { type CompareDocument, documentOf, readSaved } from '../compare/analyse/document.js';
import { type Launch, localLaunch, planAffinity, remoteLaunch } from '../compare/measure/launchers.js';
import { measureRun } from '../compare/measure/run.js';
import { COMPARE_COMMAND, type CompareOptions, compareOptions } from '../compare/options.js';
import { renderBaseline } from '../compare/render/baseline-table.js';
import { headerOf } from '../compare/render/document.js';
import { writeExports } from '../compare/render/exports.js';
import { headline } from '../compare/render/headline.js';
import { mapHeadline } from '../compare/render/map-headline.js';
import { reportInput, writeResults } from '../compare/render/report-files.js';
import { renderReport } from '../compare/render/tables.js';
import { registerPairs } from '../compare/roster.js';
import type { MeasuredRun } from '../compare/types.js';
import type { AffinityPlan } from '../launch/affinity.js';
import { checkSshTarget } from '../launch/ssh-target.js';
import { wrap } from '../render/wrap.js';
import { SYSTEM_RUNTIME } from '../runtimes/registry.js';
import { compareOrRefuse, refuseEarly } from './diff.js';

/** Results go here unless --out says otherwise; git ignores it, so runs never dirty the tree. */
const DEFAULT_OUT = fileURLToPath(new URL('../../results', import.meta.url));

/** Runs `fiblab compare`; resolves with the exit status (1 if any reply was wrong). */
export function compareCli(argv: string[]): Promise<number> {
  return runCommand(COMPARE_COMMAND, argv, async (values) => {
    const options = compareOptions(values, DEFAULT_OUT);
    const quiet = options.json;
    const say = (line: string) => {
      if (!quiet) process.stderr.write(`${line}\n`);
    };
    const baseline =
      options.baseline === undefined ? undefined : await readSaved(options.baseline, '--baseline');
    if (baseline !== undefined && options.from === undefined)
      refuseEarly(baseline.environment, options.timing);
    let run: MeasuredRun & Partial<Pick<CompareDocument, 'scenarios' | 'clientCounts'>>;
    if (options.from !== undefined) {
      run = await readSaved(options.from);
      registerPairs(run.records.map((r) => r.variant));
    } else {
      const launch = await launchOf(options);
      try {
        run = await measureRun(
          options,
          {
            log: (line) => say(`compare: ${line}`),
            progress: (text, final) => {
              if (quiet) return;
              if (process.stderr.isTTY && !final) process.stderr.write(`\r\x1b[2K${text}`);
              else process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}${text}\n`);
            },
            started: (environment, budget) => say(`${headerOf(environment)}\n\nabout ${budget} to go\n`),
          },
          launch,
        );
      } finally {
        await launch.close();
      }
      if (process.stderr.isTTY && !quiet) process.stderr.write('\r\x1b[2K');
    }
    const document = documentOf(run, options.scenarios, options.clientCounts);
    const written = await writeResults(document, resolve(options.outDir), options.from === undefined);
    written.push(...(await writeExports(document.records, options.exports, resolve(options.outDir))));
    const comparison = baseline === undefined ? undefined : compareOrRefuse(baseline, document);
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify(comparison ? { ...document, baseline: comparison } : document, null, 2)}\n`,
      );
    } else {
      const input = reportInput(document);
      const lines = [
        // A map run's io cells are churn's companions: the seed's sentences speak of the seed's tables only.
        ...headline(document.summaries.filter((s) => document.scenarios.includes(s.scenario))),
        ...mapHeadline(document.summaries, document.crossovers, document.connectionCosts),
      ];
      process.stdout.write(
        [
          ...(options.from === undefined ? [] : [headerOf(document.environment), '']),
          ...(lines.length
            ? [
                'In short (this run; ratios paired within it, with 95 % intervals):',
                ...lines.map((l) => wrap(`  • ${l}`, 118, '    ')),
                '',
              ]
            : []),
          renderReport(input, document.warnings, 'terminal'),
          '',
          ...(comparison === undefined ? [] : [renderBaseline(comparison, 'terminal'), '']),
          'wrote (the .md has the full tables):',
          ...written.map((file) => `  ${relative(process.cwd(), file)}`),
          '',
          ...written
            .filter((f) => f.endsWith('.html'))
            .map(
              (f) =>
                `open ${relative(process.cwd(), f)} in a browser: the charts and every table on one page`,
            ),
          '',
        ].join('\n'),
      );
    }
    return document.records.some((r) => r.wrongAnswers > 0) ? 1 : 0;
  });
}

/** Where the servers run, from --server-host / --server-cpus; a plan that cannot be is a usage error. */
async function launchOf(options: CompareOptions): Promise<Launch> {
  if (options.serverHost !== undefined) {
    if (options.serverCpus !== undefined)
      throw new UsageError('--server-cpus pins local servers: not with --server-host');
    if (options.runtimes.some((r) => r !== SYSTEM_RUNTIME) && options.runtimesGiven) {
      throw new UsageError('--server-host runs servers on the remote system Node only: drop --runtimes');
    }
    try {
      checkSshTarget({ destination: options.serverHost });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    return remoteLaunch(options.serverHost, options.serverDir, options.serverSshOptions);
  }
  if (options.serverCpus === undefined || options.loadCpus === undefined) return localLaunch();
  let plan: AffinityPlan;
  try {
    plan = planAffinity(options.serverCpus, options.loadCpus);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return localLaunch(plan);
}
