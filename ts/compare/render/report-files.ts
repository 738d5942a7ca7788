/** What a run leaves on disk: the Markdown report, the charts, the HTML page and the JSON document. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompareDocument } from '../analyse/document.js';
import { headerOf } from './document.js';
import { type ReportInput, renderReport } from './tables.js';

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
  latency: d.latency,
  loadHosts: d.loadHosts,
});

/** The Markdown file: header, tables (every column), warnings. */
export function markdownReport(d: CompareDocument): string {
  return `# fiblab compare — ${d.environment.date}\n\n\`\`\`\n${headerOf(d.environment)}\n\`\`\`\n\n${renderReport(reportInput(d), d.warnings, 'markdown')}\n`;
}

/**
 * Writes <stamp>.json (a new run only), <stamp>.md, the charts (<stamp>.svg for the seed's rate
 * tables, -sweep.svg and -scaling.svg for the map, -latency.svg for the latency curves) and <stamp>.html (the page people look at);
 * returns the paths.
 */
export async function writeResults(d: CompareDocument, outDir: string, withJson: boolean): Promise<string[]> {
  // vega is heavy: load it only to write.
  const { hasRateCells, renderChart } = await import('./chart.js');
  const { renderScalingChart, renderSweepChart } = await import('./map-charts.js');
  const { renderLatencyChart } = await import('./latency-chart.js');
  const { renderHtmlReport } = await import('./html.js');
  const stamp = d.environment.date.replace(/[:.]/g, '-');
  await mkdir(outDir, { recursive: true });
  const title = `${d.environment.cpuModel} × ${d.environment.cores} · ${d.environment.date.slice(0, 10)}`;
  const seedCells = d.summaries.filter((s) => d.scenarios.includes(s.scenario));
  const charts = {
    // A map run's io cells are churn's companions, not a seed table: no bar chart for them.
    seed: hasRateCells(seedCells) ? await renderChart(seedCells, `fiblab compare · ${title}`) : undefined,
    sweep: await renderSweepChart(d.summaries, d.crossovers ?? [], `fiblab compare --sweep · ${title}`),
    scaling: await renderScalingChart(d.summaries, `fiblab compare --scaling · ${title}`),
    latency: await renderLatencyChart(d.latency, `fiblab compare --latency · ${title}`),
  };
  const files: Array<[string, string]> = [[`${stamp}.md`, markdownReport(d)]];
  if (charts.seed !== undefined) files.push([`${stamp}.svg`, charts.seed]);
  if (charts.sweep !== undefined) files.push([`${stamp}-sweep.svg`, charts.sweep]);
  if (charts.scaling !== undefined) files.push([`${stamp}-scaling.svg`, charts.scaling]);
  if (charts.latency !== undefined) files.push([`${stamp}-latency.svg`, charts.latency]);
  files.push([`${stamp}.html`, await renderHtmlReport(d, reportInput(d), charts)]);
  if (withJson) files.unshift([`${stamp}.json`, `${JSON.stringify(d, null, 2)}\n`]);
  for (const [name, text] of files) await writeFile(join(outDir, name), text);
  return files.map(([name]) => join(outDir, name));
}
