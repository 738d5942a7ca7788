/**
 * `results/<run>.html`: one self-contained page per compare run — no script, no stylesheet or
 * font from anywhere, every chart an SVG rendered before the page is written — so it opens the
 * same offline, in a mail attachment or a CI artefact. Environment header, the headline, the
 * charts, then the very tables of the Markdown report (the same sections, as HTML tables).
 */

import type { Table } from '../../render/table.js';
import type { CompareDocument } from '../analyse/document.js';
import { headerOf } from './document.js';
import { loopLabel } from './format.js';
import { headline } from './headline.js';
import { mixedLatencyChart, runtimesChart, seedRatesChart } from './html-charts.js';
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

/** A table of the report; `data-section` and the cell text are what the browser test reads back. */
export function htmlTable(table: Table, section: string, index: number): string {
  const cls = (i: number) => (table.align?.[i] === 'r' ? ' class="r"' : '');
  const head = table.header.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${cls(i)}>${escapeHtml(cell)}</td>`).join('')}</tr>`)
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

/** A chart in its figure; `data-chart` names it for the test and the anchors. */
const figure = (name: string, title: string, svg: string, caption: string) =>
  `<figure data-chart="${name}" id="chart-${name}">\n<h3>${escapeHtml(title)}</h3>\n${svg.replace(/^<\?xml[^>]*>\s*/, '')}\n<figcaption>${inline(caption)}</figcaption>\n</figure>`;

const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; margin: 0 auto; max-width: 1200px; padding: 1.5rem 2rem 4rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; margin: 2.2rem 0 .4rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 0 0 .4rem; } pre.env { background: #f6f6f6; padding: .7rem 1rem; font-size: 12px; overflow-x: auto; border-radius: 4px; }
ul.headline { font-size: 1.05rem; background: #fffbe8; border-left: 4px solid #e0b000; padding: .8rem 1rem .8rem 2.2rem; margin: 1rem 0; }
ul.headline li { margin: .25rem 0; } figure { margin: 1.5rem 0; } figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 13px; max-width: 900px; } .charts { display: block; }
table { border-collapse: collapse; font-size: 12.5px; margin: .4rem 0 1rem; } th, td { padding: .2rem .55rem; border-bottom: 1px solid #eee; white-space: nowrap; }
th { background: #fafafa; text-align: left; } .r { text-align: right; font-variant-numeric: tabular-nums; } .scroll { overflow-x: auto; }
p.caption { margin: .8rem 0 0; font-weight: 600; font-size: 13px; } code { background: #f2f2f2; padding: 0 .2rem; border-radius: 3px; }
ul.warnings li { margin: .3rem 0; font-size: 13px; } nav a { margin-right: .8rem; font-size: 13px; }`;

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
  const figures: string[] = [];
  if (prerendered.sweep !== undefined) {
    figures.push(
      figure(
        'sweep',
        'Where offloading starts to pay: req/s over n',
        prerendered.sweep,
        "Above: each server's req/s ÷ event-loop's at the same n, paired round by round (a filled point where the 95 % interval excludes 1, hollow where it holds 1): a line crossing 1 is a crossover with the event loop. Below: req/s itself, log scale; a dashed rule marks each crossover of the table below (from that n on, the first-named server is significantly ahead at every larger n).",
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
  const seed = await seedRatesChart(d.summaries.filter((s) => d.scenarios.includes(s.scenario)));
  if (seed !== undefined) {
    figures.push(
      figure(
        'seed',
        "The seed's tables: req/s per server",
        seed,
        "Each peer sits under its TypeScript counterpart. Where no client was served there is no bar but the words 'not served'; where some were not, the bar is the served client's rate and says so.",
      ),
    );
  }
  const mixed = await mixedLatencyChart(d.records);
  if (mixed !== undefined) {
    figures.push(
      figure(
        'mixed',
        'The starvation demo: the I/O client’s latency beside a fib(30) client',
        mixed.svg,
        `Every request of the n=1 client over all rounds (${loopLabel(d.summaries.find((s) => s.scenario === 'mixed')?.offered)}), as a percentile plot: a server that computes on its event loop makes it wait for the fib(30) in progress.${mixed.notServed.length > 0 ? ` Not served at all (no line): ${mixed.notServed.join(', ')}.` : ''}`,
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
        'The story cells on every runtime; the runtime table below gives the paired ratios to the system Node.',
      ),
    );
  }
  const sections = reportSections(input, d.warnings, 'markdown');
  const nav = [
    ...figures
      .map((f) => /data-chart="([^"]+)"/.exec(f)?.[1] as string)
      .map((n) => `<a href="#chart-${n}">${n} chart</a>`),
    ...sections.map(
      (s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title.split(':')[0] as string)}</a>`,
    ),
  ].join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>fiblab compare — ${escapeHtml(d.environment.date)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>fiblab compare — ${escapeHtml(d.environment.date)}</h1>
<p>Where should CPU-bound work run in Node.js? Every figure below was measured in this one run, on this machine; ratios are paired within it.</p>
${lines.length > 0 ? `<ul class="headline">\n${lines.map((l) => `<li>${inline(l)}</li>`).join('\n')}\n</ul>` : ''}
<nav>${nav}</nav>
<pre class="env">${escapeHtml(headerOf(d.environment))}</pre>
<div class="charts">
${figures.join('\n')}
</div>
${sections.map(sectionHtml).join('\n')}
</body>
</html>
`;
}
