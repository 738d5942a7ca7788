/** `fiblab compare` (and `npm run compare`, `zx scripts/compare.mjs`): measure, or re-render a saved run. */

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand, UsageError } from '../cli/command.js';
import { answerCells } from '../compare/analyse/answer.js';
import { connectionCosts } from '../compare/analyse/connection-cost.js';
import { crossovers } from '../compare/analyse/crossover.js';
import { headlineRatios } from '../compare/analyse/ratios.js';
import { summarise } from '../compare/analyse/summary.js';
import { warningsOf } from '../compare/analyse/warnings.js';
import { type Launch, localLaunch, planAffinity, remoteLaunch } from '../compare/measure/launchers.js';
import { type MeasuredRun, measureRun } from '../compare/measure/run.js';
import { COMPARE_COMMAND, type CompareOptions, compareOptions } from '../compare/options.js';
import { type CompareDocument, headerOf } from '../compare/render/document.js';
import { registerPairs } from '../compare/render/format.js';
import { headline } from '../compare/render/headline.js';
import { mapHeadline } from '../compare/render/map-headline.js';
import { type ReportInput, renderReport } from '../compare/render/tables.js';
import type { AffinityPlan } from '../launch/affinity.js';
import { checkSshTarget } from '../launch/ssh-target.js';
import { wrap } from '../render/wrap.js';
import { SYSTEM_RUNTIME } from '../runtimes/registry.js';

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
    if (options.json) {
      process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
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

async function readSaved(file: string): Promise<CompareDocument> {
  let text: string;
  try {
    text = await readFile(resolve(file), 'utf8');
  } catch (error) {
    throw new UsageError(`--from: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const doc = JSON.parse(text) as Partial<CompareDocument>;
  if (doc.schemaVersion !== 2 || !Array.isArray(doc.records) || doc.environment === undefined) {
    throw new UsageError(
      `--from: ${file} is not a compare results document of schemaVersion 2 (paired slices)${(doc.schemaVersion as number) === 1 ? ': it is from before paired measurement, whose records cannot be paired' : ''}`,
    );
  }
  return doc as CompareDocument;
}

function documentOf(
  run: MeasuredRun & Partial<Pick<CompareDocument, 'scenarios' | 'clientCounts'>>,
  scenarios: CompareDocument['scenarios'],
  clientCounts: number[],
): CompareDocument {
  const runtimes = run.runtimes ?? Object.keys(run.environment.runtimes);
  const summaries = summarise(run.records);
  const ratios = headlineRatios(run.records);
  const swept = run.records.some((r) => r.scenario === 'sweep');
  const churned = run.records.some((r) => r.scenario === 'churn');
  const answer = answerCells(run.records, summaries, run.nativeLimitReqPerSec);
  return {
    schemaVersion: 2,
    runtimes,
    environment: run.environment,
    nativeFibMs: run.nativeFibMs,
    nativeLimitReqPerSec: run.nativeLimitReqPerSec,
    // A saved run keeps its own plan.
    scenarios: run.scenarios ?? scenarios,
    clientCounts: run.clientCounts ?? clientCounts,
    unavailable: run.unavailable,
    records: run.records,
    summaries,
    headlineRatios: ratios,
    ...(run.imprecise === undefined ? {} : { imprecise: run.imprecise }),
    ...(answer.length > 0 ? { answer } : {}),
    ...(swept ? { crossovers: crossovers(run.records) } : {}),
    ...(churned ? { connectionCosts: connectionCosts(summaries, run.records) } : {}),
    ...(run.cutShort === undefined ? {} : { cutShort: run.cutShort }),
    warnings: warningsOf(summaries, run.records, run.unavailable, ratios, run.imprecise, run.cutShort),
  };
}

/** The report's input from a document: what every rendering (terminal, Markdown, HTML) draws from. */
export const reportInput = (d: CompareDocument): ReportInput => ({
  summaries: d.summaries,
  unavailable: d.unavailable,
  scenarios: d.scenarios,
  clientCounts: d.clientCounts,
  runtimes: d.runtimes,
  runtimeLabels: Object.fromEntries(
    d.runtimes.map((name) => [name, `${name} ${d.environment.runtimes[name]}`]),
  ),
  nativeLimitReqPerSec: d.nativeLimitReqPerSec,
  headlineRatios: d.headlineRatios,
  answer: d.answer,
  crossovers: d.crossovers,
  connectionCosts: d.connectionCosts,
});

/** The Markdown file: header, tables (every column), warnings. */
export function markdownReport(d: CompareDocument): string {
  return `# fiblab compare — ${d.environment.date}\n\n\`\`\`\n${headerOf(d.environment)}\n\`\`\`\n\n${renderReport(reportInput(d), d.warnings, 'markdown')}\n`;
}

/**
 * Writes <stamp>.json (a new run only), <stamp>.md, the charts (<stamp>.svg for the seed's rate
 * tables, -sweep.svg and -scaling.svg for the map) and <stamp>.html (the page people look at);
 * returns the paths.
 */
async function writeResults(d: CompareDocument, outDir: string, withJson: boolean): Promise<string[]> {
  // vega is heavy: load it only to write.
  const { hasRateCells, renderChart } = await import('../compare/render/chart.js');
  const { renderScalingChart, renderSweepChart } = await import('../compare/render/map-charts.js');
  const { renderHtmlReport } = await import('../compare/render/html.js');
  const stamp = d.environment.date.replace(/[:.]/g, '-');
  await mkdir(outDir, { recursive: true });
  const title = `${d.environment.cpuModel} × ${d.environment.cores} · ${d.environment.date.slice(0, 10)}`;
  const seedCells = d.summaries.filter((s) => d.scenarios.includes(s.scenario));
  const charts = {
    // A map run's io cells are churn's companions, not a seed table: no bar chart for them.
    seed: hasRateCells(seedCells) ? await renderChart(seedCells, `fiblab compare · ${title}`) : undefined,
    sweep: await renderSweepChart(d.summaries, d.crossovers ?? [], `fiblab compare --sweep · ${title}`),
    scaling: await renderScalingChart(d.summaries, `fiblab compare --scaling · ${title}`),
  };
  const files: Array<[string, string]> = [[`${stamp}.md`, markdownReport(d)]];
  if (charts.seed !== undefined) files.push([`${stamp}.svg`, charts.seed]);
  if (charts.sweep !== undefined) files.push([`${stamp}-sweep.svg`, charts.sweep]);
  if (charts.scaling !== undefined) files.push([`${stamp}-scaling.svg`, charts.scaling]);
  files.push([`${stamp}.html`, await renderHtmlReport(d, reportInput(d), charts)]);
  if (withJson) files.unshift([`${stamp}.json`, `${JSON.stringify(d, null, 2)}\n`]);
  for (const [name, text] of files) await writeFile(join(outDir, name), text);
  return files.map(([name]) => join(outDir, name));
}
