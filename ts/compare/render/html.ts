/**
 * `results/<run>.html`: one self-contained page per compare run — no script, no stylesheet or
 * font from anywhere, every chart an SVG rendered before the page is written — so it opens the
 * same offline, in a mail attachment or a CI artefact. Environment header, the headline, the
 * charts, then the very tables of the Markdown report (the same sections, as HTML tables).
 */

import type { Table } from '../../render/table.js';
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import { ANSWER_VARIANT } from '../../variants/registry.js';
import type { CompareDocument } from '../analyse/document.js';
import { GO_VARIANT, REFERENCE_VARIANT } from '../analyse/summary.js';
import { renderChart } from './chart.js';
import { headerOf } from './document.js';
import { loopLabel } from './format.js';
import { headline } from './headline.js';
import { headlineRatiosChart, mixedLatencyChart, runtimesChart } from './html-charts.js';
import { REPORT_STYLE } from './html-style.js';
import { LATENCY_CAPTION } from './latency-section.js';
import { mapHeadline } from './map-headline.js';
import type { ReportSection } from './section.js';
import { type ReportInput, reportSections } from './tables.js';

/** The map's charts, already rendered for the Markdown and the README (render/map-charts.ts). */
export interface PreRendered {
  sweep?: string | undefined;
  scaling?: string | undefined;
  latency?: string | undefined;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** The Markdown the sections' prose uses: `code` and nothing else. */
const inline = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

/**
 * A cell's HTML: a figure's interval `(low–high)` on a line of its own under it and a "· not
 * served" note under that, so the columns stay narrow; the cell's text is unchanged (the browser
 * test reads it back against the Markdown's).
 */
export function cellHtml(cell: string): string {
  const parts = /^(.+?)( \((?:~ )?[\d.,]+.*\))?( · .+)?$/.exec(cell);
  if (parts === null || (parts[2] === undefined && parts[3] === undefined)) return escapeHtml(cell);
  const [, value, interval, note] = parts;
  return [
    `<span class="v">${escapeHtml(value as string)}</span>`,
    interval === undefined ? '' : `<span class="ci">${escapeHtml(interval)}</span>`,
    note === undefined ? '' : `<span class="note">${escapeHtml(note)}</span>`,
  ].join('');
}

/** A table of the report; `data-section` and the cell text are what the browser test reads back. */
export function htmlTable(table: Table, section: string, index: number): string {
  const cls = (i: number) => (table.align?.[i] === 'r' ? ' class="r"' : '');
  const head = table.header.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${cls(i)}>${cellHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table data-section="${escapeHtml(section)}" data-table="${index}">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function sectionHtml(section: ReportSection): string {
  const parts = [`<section id="${escapeHtml(section.id)}">`, `<h2>${escapeHtml(section.title)}</h2>`];
  if (section.about !== '') parts.push(`<p>${inline(section.about)}</p>`);
  if (section.bullets !== undefined) {
    parts.push(
      section.bullets.items.length === 0
        ? `<p>${escapeHtml(section.bullets.empty)}</p>`
        : `<ul class="warnings">${section.bullets.items.map((w) => `<li>${inline(w)}</li>`).join('\n')}</ul>`,
    );
  }
  section.tables.forEach(({ caption, table }, i) => {
    if (caption !== undefined) parts.push(`<p class="caption">${inline(caption)}</p>`);
    parts.push(`<div class="scroll">${htmlTable(table, section.id, i)}</div>`);
  });
  parts.push('</section>');
  return parts.join('\n');
}

/** What kind of chart a figure holds: a `ratio` chart draws every ratio with its 95 % interval. */
export type FigureKind = 'ratio' | 'values';

/**
 * A chart in its figure; `data-chart` names it for the test and the anchors, `data-kind="ratio"`
 * tells the test its intervals must be drawn.
 */
export const figure = (
  name: string,
  title: string,
  svg: string,
  caption: string,
  kind: FigureKind = 'values',
) =>
  `<figure data-chart="${name}" data-kind="${kind}" id="chart-${name}">\n<h3>${escapeHtml(title)}</h3>\n${svg.replace(/^<\?xml[^>]*>\s*/, '')}\n<figcaption>${inline(caption)}</figcaption>\n</figure>`;

/** The servers the starvation chart draws in colour: the starving loop, Go, the answer, the best seed row. */
function starvationHighlights(d: CompareDocument): string[] {
  const best = d.answer?.find((c) => c.scenario === 'mixed')?.best?.variant;
  return [...new Set([REFERENCE_VARIANT, GO_VARIANT, ANSWER_VARIANT, ...(best === undefined ? [] : [best])])];
}

/** The page's figures, in reading order; each is one call (a chart the run has no data for is skipped). */
async function figuresOf(d: CompareDocument, prerendered: PreRendered): Promise<string[]> {
  const figures: string[] = [];
  const headlineRatios = await headlineRatiosChart(d.headlineRatios);
  if (headlineRatios !== undefined) {
    figures.push(
      figure(
        'headline',
        'The headline ratios, each with its 95 % interval',
        headlineRatios,
        "Each pair was measured seconds apart in every round; the point is the geometric mean of the rounds' ratios, the bar its 95 % interval, filled where the interval excludes 1 (hollow: `~`, no difference this run can show). Server CPU per reply is the steadier measure on a busy machine. The Headline ratios table has the figures.",
        'ratio',
      ),
    );
  }
  const seed = await renderChart(
    d.summaries.filter((s) => d.scenarios.includes(s.scenario)),
    undefined,
    d.unavailable,
  );
  if (seed !== undefined) {
    figures.push(
      figure(
        'seed',
        "The seed's tables: req/s per server",
        seed,
        "One panel per table, each listing only the servers that ran it; peers sit under their TypeScript counterparts. A bar is the median of the rounds, its whisker their range. Where no client was served there is no bar but '✕ not served'; where some were not, the bar is the served clients' rate and the words follow it.",
      ),
    );
  }
  if (prerendered.sweep !== undefined) {
    figures.push(
      figure(
        'sweep',
        'Where offloading starts to pay: req/s over n',
        prerendered.sweep,
        "First, each server's req/s ÷ event-loop's at the same n, paired round by round, its 95 % interval a vertical bar (a filled point where the interval excludes 1, hollow where it holds 1): a line crossing 1 is a crossover with the event loop. Then req/s itself, log scale; a dashed rule marks each crossover of the table below (from that n on, the first-named server is significantly ahead at every larger n).",
        'ratio',
      ),
    );
  }
  if (prerendered.scaling !== undefined) {
    figures.push(
      figure(
        'scaling',
        'Scaling with clients: req/s and p99',
        prerendered.scaling,
        'Log scales. A server that serves one client at a time keeps its rate but leaves the others unserved: its points change shape there. Past two clients the two cores are full, and p99 grows with the queue.',
      ),
    );
  }
  if (prerendered.latency !== undefined) {
    figures.push(
      figure(
        'latency',
        'Latency under load: p99 against the offered load (open loop)',
        prerendered.latency,
        LATENCY_CAPTION,
      ),
    );
  }
  const mixed = await mixedLatencyChart(d.records, starvationHighlights(d));
  if (mixed !== undefined) {
    const grey =
      mixed.others.length > 0 ? ` Grey: ${mixed.others.join(', ')} (the Mixed table has their figures).` : '';
    const unserved =
      mixed.notServed.length > 0 ? ` Not served at all (no line): ${mixed.notServed.join(', ')}.` : '';
    figures.push(
      figure(
        'mixed',
        'The starvation demo: the I/O client’s latency beside a fib(30) client',
        mixed.svg,
        `Every request of the n=1 client over all rounds (${loopLabel(d.summaries.find((s) => s.scenario === 'mixed')?.offered)}), as a percentile plot: a server that computes on its event loop makes it wait for the fib(30) in progress. In colour: the event loop, Go, fiblab's answer and the best of the seed's rows.${grey}${unserved}`,
      ),
    );
  }
  const runtimes = await runtimesChart(d.summaries, d.runtimes);
  if (runtimes !== undefined) {
    figures.push(
      figure(
        'runtimes',
        'Runtimes: the same servers on each',
        runtimes,
        `Each point is a server's req/s on that runtime ÷ its req/s on ${SYSTEM_RUNTIME}, paired round by round; the bar is the 95 % interval, the point filled where it excludes 1. Right of the dashed line: faster than on ${SYSTEM_RUNTIME}. The runtime table below gives the medians.`,
        'ratio',
      ),
    );
  }
  return figures;
}

/** The whole page, as one string. */
export async function renderHtmlReport(
  d: CompareDocument,
  input: ReportInput,
  prerendered: PreRendered = {},
): Promise<string> {
  const lines = [
    ...headline(d.summaries.filter((s) => d.scenarios.includes(s.scenario))),
    ...mapHeadline(d.summaries, d.crossovers ?? [], d.connectionCosts ?? []),
  ];
  const figures = await figuresOf(d, prerendered);
  const sections = reportSections(input, d.warnings, 'markdown');
  const links = (kind: string, items: string[]) =>
    items.length === 0 ? '' : `<nav><b>${kind}</b>${items.join('')}</nav>`;
  const nav =
    links(
      'Charts',
      figures.map(
        (f) => `<a href="#chart-${/data-chart="([^"]+)"/.exec(f)?.[1]}">${/<h3>([^<:]+)/.exec(f)?.[1]}</a>`,
      ),
    ) +
    links(
      'Tables',
      sections.map(
        (s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title.split(':')[0] as string)}</a>`,
      ),
    );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>fiblab compare — ${escapeHtml(d.environment.date)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<h1>fiblab compare — ${escapeHtml(d.environment.date)}</h1>
<p>Where should CPU-bound work run in Node.js? Every figure below was measured in this one run, on this machine; ratios are paired within it.</p>
${lines.length > 0 ? `<ul class="headline">\n${lines.map((l) => `<li>${inline(l)}</li>`).join('\n')}\n</ul>` : ''}
${nav}
<pre class="env">${escapeHtml(headerOf(d.environment))}</pre>
<div class="charts">
${figures.join('\n')}
</div>
${sections.map(sectionHtml).join('\n')}
</body>
</html>
`;
}
