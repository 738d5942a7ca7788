/**
 * The HTML report in a real browser: `fiblab compare --from` writes the page from a saved run
 * (records made here: the seed's cells, the mixed demo with its latency histograms, the sweep,
 * the scaling and the churn; and the default, --sweep, --scaling and --latency runs kept in docs/results), and headless
 * Chromium (Debian's `chromium`, driven by puppeteer-core) opens it from the file with the network
 * cut off at a 1,280 px viewport. Nothing may be fetched, no console error may appear, every chart
 * must hold marks, the tables must say what the JSON says; nothing may be wider than the viewport
 * (no table scrolling sideways), no chart text may be cut or fall outside its chart, and every
 * ratio chart must draw one interval per ratio. Screenshots are kept under results/report-html/.
 * Skipped, with the reason, where Chromium or puppeteer-core is missing (.ci/run installs both).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { CompareDocument } from '../ts/compare/analyse/document.js';
import { REFERENCE_VARIANT } from '../ts/compare/analyse/summary.js';
import { reportInput } from '../ts/compare/render/report-files.js';
import { reportSections } from '../ts/compare/render/tables.js';
import { label, tableOrder } from '../ts/compare/roster.js';
import { SCALING_CLIENTS, type ScenarioName, STORY_CELLS, SWEEP_NS } from '../ts/compare/scenarios.js';
import type { MeasurementRecord } from '../ts/compare/types.js';
import { describeEnvironment } from '../ts/environment.js';
import { createLatencyHistogram, encodeHistogram } from '../ts/load/histogram.js';
import { SYSTEM_RUNTIME } from '../ts/runtimes/registry.js';
import { skipUnlessTool } from './helpers/needs-tool.js';
import { seededRandom } from './helpers/prng.js';
import { cellRecord } from './helpers/slice-record.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The few puppeteer-core calls the test makes (the package is a devDependency, typed loosely here). */
interface Page {
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  on(event: 'request', listener: (request: { url(): string }) => void): void;
  setViewport(viewport: { width: number; height: number }): Promise<void>;
  setOfflineMode(offline: boolean): Promise<void>;
  goto(url: string, options: { waitUntil: string }): Promise<unknown>;
  evaluate<T>(expression: string): Promise<T>;
  screenshot(options: { path: string; fullPage: boolean }): Promise<unknown>;
  emulateMediaFeatures(features: Array<{ name: string; value: string }>): Promise<void>;
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
  process(): { pid?: number } | null;
}
interface Puppeteer {
  launch(options: { executablePath: string; args: string[]; headless: boolean }): Promise<Browser>;
}

/** Debian's chromium (or CHROMIUM_PATH), or undefined. */
function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path): path is string => path !== undefined && existsSync(path));
}

async function loadPuppeteer(): Promise<Puppeteer | undefined> {
  const name = 'puppeteer-core'; // a variable: tsc must not require the package to type-check
  try {
    const module = (await import(name)) as { default: Puppeteer };
    return module.default;
  } catch {
    return undefined;
  }
}

const executable = chromiumPath();
const puppeteer = await loadPuppeteer();
const skip =
  executable === undefined
    ? skipUnlessTool('chromium', 'chromium is not installed (apt-get install chromium; .ci/run does)')
    : puppeteer === undefined
      ? 'puppeteer-core is not installed (a devDependency: npm install)'
      : false;

/** A cell's record with this report's own figures (cellRecord's, with a longer tail). */
const record: typeof cellRecord = (variant, scenario, clients, n, round, reqPerSec, extra = {}) =>
  cellRecord(variant, scenario, clients, n, round, reqPerSec, {
    latencyMs: { p50: 800 / reqPerSec, p90: 1000 / reqPerSec, p99: 1500 / reqPerSec, max: 3000 / reqPerSec },
    serverCpu: 95,
    cpuUsPerReply: 950_000 / reqPerSec,
    serverRssMiB: 60 + clients,
    clientCpu: 35,
    ...extra,
  });

/** A latency distribution of `count` requests around `ms`, with a tail, as the records keep it. */
function histogram(random: () => number, ms: number, count: number): string {
  const h = createLatencyHistogram();
  for (let i = 0; i < count; i++)
    h.recordValue(Math.round(ms * 1000 * (0.5 + random()) * (random() < 0.02 ? 8 : 1)));
  return encodeHistogram(h);
}

/** A saved run with every kind of cell the report draws; rates follow a hop-plus-work model. */
function savedRun(): CompareDocument {
  const random = seededRandom(12);
  const records: MeasurementRecord[] = [];
  const jitter = () => 0.95 + random() * 0.1;
  // Per request: µs of hop, and how many times the Rust work the JS work is.
  const models: Record<string, { hop: number; slow: number; parallel: boolean }> = {
    'event-loop': { hop: 40, slow: 5, parallel: false },
    'native-sync': { hop: 45, slow: 1, parallel: false },
    'native-async': { hop: 110, slow: 1, parallel: true },
    pool: { hop: 150, slow: 5, parallel: true },
    go: { hop: 45, slow: 1.5, parallel: true },
  };
  const rate = (variant: string, n: number, clients: number) => {
    const m = models[variant] as { hop: number; slow: number; parallel: boolean };
    const work = 0.003 * m.slow * 1.618 ** n;
    return ((m.parallel ? Math.min(clients, 2) : 1) * 1e6) / (m.hop + work);
  };
  for (let round = 0; round < 4; round++) {
    for (const variant of Object.keys(models)) {
      for (const clients of [1, 2]) {
        records.push(record(variant, 'io', clients, 1, round, rate(variant, 1, clients) * jitter()));
        records.push(record(variant, 'cpu', clients, 22, round, rate(variant, 22, clients) * jitter()));
        for (const n of SWEEP_NS)
          records.push(record(variant, 'sweep', clients, n, round, rate(variant, n, clients) * jitter()));
      }
      const io = rate(variant, 1, 1);
      const ioMs = models[variant]?.parallel ? 0.2 : 12;
      records.push(
        record(variant, 'mixed', 2, 30, round, io, {
          groups: [
            {
              n: 30,
              clients: 1,
              reqPerSec: rate(variant, 30, 1),
              latencyMs: null,
              notServed: 0,
              latencyHistogram: histogram(random, 40, 50),
            },
            {
              n: 1,
              clients: 1,
              reqPerSec: 1000 / ioMs,
              latencyMs: null,
              notServed: 0,
              latencyHistogram: histogram(random, ioMs, 500),
            },
          ],
        }),
      );
      records.push(record(variant, 'churn', 1, 1, round, io / 3, { cpuUsPerReply: (3 * 950_000) / io }));
      for (const n of [1, 22])
        for (const clients of SCALING_CLIENTS)
          records.push(record(variant, 'scaling', clients, n, round, rate(variant, n, clients) * jitter()));
    }
    // The seed's one_server: the second client never served, and never the I/O client of mixed.
    records.push(record('sequential', 'io', 1, 1, round, 15_000));
    records.push(record('sequential', 'io', 2, 1, round, 15_000, { notServed: 1 }));
    records.push(
      record('sequential', 'cpu', 2, 22, round, 0, { notServed: 2, latencyMs: null, cpuUsPerReply: null }),
    );
    records.push(
      record('sequential', 'mixed', 2, 30, round, 70, {
        notServed: 1,
        groups: [
          {
            n: 30,
            clients: 1,
            reqPerSec: 70,
            latencyMs: null,
            notServed: 0,
            latencyHistogram: histogram(random, 14, 30),
          },
          { n: 1, clients: 1, reqPerSec: 0, latencyMs: null, notServed: 1, latencyHistogram: '' },
        ],
      }),
    );
  }
  // The story cells on another runtime: the runtimes get their own figure.
  for (let round = 0; round < 4; round++) {
    for (const variant of ['event-loop', 'pool']) {
      records.push({
        ...record(variant, 'io', 1, 1, round, rate(variant, 1, 1) * 0.9 * jitter()),
        runtime: 'bun',
      });
      records.push({
        ...record(variant, 'cpu', 2, 22, round, rate(variant, 22, 2) * 1.2 * jitter()),
        runtime: 'bun',
      });
    }
  }
  const environment = {
    ...describeEnvironment(),
    runtimes: { node: process.version, bun: '1.4.5' },
    npm: '11',
    cargo: 'cargo',
    go: 'go',
    python: 'Python 3',
    timing: { startWarmupS: 1, warmupS: 0.1, sliceS: 0.3 },
    rounds: 4,
    precision: null,
    atStart: null,
    plan: { servers: 6, slicesPerRound: 100 },
  };
  return {
    schemaVersion: 2,
    runtimes: ['node', 'bun'],
    environment,
    nativeFibMs: 3.3,
    nativeLimitReqPerSec: 600,
    scenarios: ['io', 'cpu', 'mixed', 'sweep', 'scaling', 'churn'],
    clientCounts: [1, 2],
    // A peer that could not start: the seed chart says so in its rows, not with a bar.
    unavailable: [{ variant: 'py-one', runtime: SYSTEM_RUNTIME, reason: 'python3 not found' }],
    records,
    summaries: [],
    headlineRatios: [],
    warnings: [],
  };
}

/** Stops the browser: close, and after 10 s its process is killed by PID. */
async function stop(browser: Browser): Promise<void> {
  const pid = browser.process()?.pid;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    browser.close(),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 10_000);
    }),
  ]);
  clearTimeout(timer);
  if (pid !== undefined) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** `fiblab compare --from saved --out out --json`: the page it wrote and the document it was made from. */
async function renderSaved(saved: string, out: string): Promise<{ page: string; document: CompareDocument }> {
  const { stdout } = await run(
    process.execPath,
    ['dist/cli.js', 'compare', '--from', saved, '--out', out, '--json'],
    { cwd: ROOT, timeout: 120_000, maxBuffer: 256 * 1024 * 1024 },
  );
  const html = readdirSync(out).find((f) => f.endsWith('.html'));
  assert.ok(html !== undefined, `compare --from ${saved} wrote an .html`);
  const page = join(out, html);
  assert.doesNotMatch(
    readFileSync(page, 'utf8'),
    /<script|<link|https?:\/\/(?!www\.w3\.org)/,
    'no script, no stylesheet, no address to fetch',
  );
  return { page, document: JSON.parse(stdout) as CompareDocument };
}

/** A browser with the page open offline at 1,280 px; `problems` and `fetched` fill as it loads. */
async function openOffline(page: string) {
  const browser = await (puppeteer as Puppeteer).launch({
    executablePath: executable as string,
    headless: true,
    // Root in a container has no user namespace for the sandbox.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  const tab = await browser.newPage();
  const problems: string[] = [];
  const fetched: string[] = [];
  tab.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  tab.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) fetched.push(r.url());
  });
  await tab.setOfflineMode(true);
  await tab.setViewport({ width: VIEWPORT, height: 900 });
  await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
  return { browser, tab, problems, fetched };
}

const VIEWPORT = 1280;

/** What the layout check reads from the page. */
interface Layout {
  scrollWidth: number;
  /** Elements (outside the SVGs) reaching past the viewport, with their left–right. */
  wide: string[];
  /** Table wrappers that scroll sideways. */
  scrolling: string[];
  /** SVG texts outside their SVG's box, under a clip-path, or cut short with "…". */
  clipped: string[];
  charts: Array<{ name: string; kind: string; intervals: number }>;
}

const LAYOUT = `(() => {
  const vw = document.documentElement.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.dataset.section ? '[' + el.dataset.section + ']' : '');
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') !== null && el.tagName.toLowerCase() !== 'svg') continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.left < -0.5 || r.right > vw + 0.5)) wide.push(describe(el) + ' ' + Math.round(r.left) + '–' + Math.round(r.right));
  }
  const scrolling = [...document.querySelectorAll('.scroll')]
    .filter((d) => d.scrollWidth > d.clientWidth + 1)
    .map((d) => (d.querySelector('table')?.dataset.section ?? '?') + ': ' + d.scrollWidth + ' px in ' + d.clientWidth);
  const clipped = [];
  for (const svg of document.querySelectorAll('figure svg')) {
    const box = svg.getBoundingClientRect();
    const chart = svg.closest('figure').dataset.chart;
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      const words = t.textContent;
      if (r.width === 0 || words.trim() === '') continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        clipped.push(chart + ': "' + words + '" outside its SVG');
      else if (t.closest('[clip-path]') !== null) clipped.push(chart + ': "' + words + '" under a clip-path');
      else if (words.endsWith('…')) clipped.push(chart + ': "' + words + '" cut short');
    }
  }
  const charts = [...document.querySelectorAll('figure[data-chart]')].map((f) => ({
    name: f.dataset.chart,
    kind: f.dataset.kind,
    intervals: f.querySelectorAll('svg g[class*="interval_"] > line, svg g[class*="interval_"] > path').length,
  }));
  return { scrollWidth: document.documentElement.scrollWidth, wide, scrolling, clipped, charts };
})()`;

/** How many 95 % intervals each ratio chart must draw: one per ratio of the document that has one. */
function intervalsOf(document: CompareDocument): Record<string, number> {
  const sweep = document.summaries.filter(
    (s) =>
      s.scenario === 'sweep' &&
      s.runtime === SYSTEM_RUNTIME &&
      s.notServed < s.clients &&
      s.variant !== REFERENCE_VARIANT &&
      s.vsEventLoop?.interval != null,
  ).length;
  const runtimes = document.summaries.filter(
    (s) =>
      s.runtime !== SYSTEM_RUNTIME &&
      s.transport === undefined &&
      STORY_CELLS.some(
        (c) => c.scenario !== 'mixed' && c.scenario === s.scenario && c.clients === s.clients,
      ) &&
      s.notServed < s.clients &&
      s.vsSystemNode?.interval != null,
  ).length;
  const headline = document.headlineRatios
    .flatMap((h) => [h.ratio, h.cpuPerReply])
    .filter((r) => r?.interval != null).length;
  return { sweep, runtimes, headline };
}

/**
 * The page reads at 1,280 px: nothing wider than the viewport, no table scrolling sideways, no
 * chart text cut or outside its chart, and every ratio chart drawing each ratio's interval.
 * Returns the names of the charts drawn.
 */
async function checkLayout(tab: Page, document: CompareDocument, what: string): Promise<string[]> {
  const layout = await tab.evaluate<Layout>(LAYOUT);
  assert.ok(
    layout.scrollWidth <= VIEWPORT,
    `${what}: the page is ${layout.scrollWidth} px wide at ${VIEWPORT}`,
  );
  assert.deepEqual(layout.wide, [], `${what}: no element wider than the ${VIEWPORT} px viewport`);
  assert.deepEqual(layout.scrolling, [], `${what}: every table fits without scrolling sideways`);
  assert.deepEqual(layout.clipped, [], `${what}: no chart text clipped or cut short`);
  const expected = intervalsOf(document);
  const ratioCharts = layout.charts.filter((c) => c.kind === 'ratio');
  for (const chart of ratioCharts) {
    assert.ok(chart.intervals > 0, `${what}: the ratio chart ${chart.name} draws its intervals`);
    if (expected[chart.name] !== undefined)
      assert.equal(
        chart.intervals,
        expected[chart.name],
        `${what}: ${chart.name} draws one interval per ratio`,
      );
  }
  for (const [name, count] of Object.entries(expected)) {
    if (count > 0 && layout.charts.some((c) => c.name === name))
      assert.ok(
        ratioCharts.some((c) => c.name === name),
        `${what}: ${name} is drawn as a ratio chart (data-kind="ratio")`,
      );
  }
  return layout.charts.map((c) => c.name);
}

/**
 * The seed chart lists in each panel the servers that ran that table (and those that could not
 * run at all), no empty row for a server the table leaves out (the Python peers at n=30).
 */
async function checkSeedRows(tab: Page, document: CompareDocument, what: string): Promise<void> {
  const panels = await tab.evaluate<string[][]>(`
    [...document.querySelectorAll('figure[data-chart="seed"] g[aria-label^="Y-axis"]')].map((axis) =>
      [...axis.querySelectorAll('.role-axis-label text')].map((t) => t.textContent))`);
  const nameOf = (variant: string) => {
    const found = tableOrder().find((v) => v.name === variant);
    return found === undefined ? variant : label(found);
  };
  const unavailable = document.unavailable
    .filter((u) => u.runtime === SYSTEM_RUNTIME)
    .map((u) => nameOf(u.variant));
  const tables = (['io', 'cpu', 'heavy'] as const).filter((scenario) =>
    document.summaries.some((s) => s.scenario === scenario && s.runtime === SYSTEM_RUNTIME),
  );
  assert.equal(panels.length, tables.length, `${what}: one seed panel per rate table`);
  tables.forEach((scenario, i) => {
    const ran = new Set(
      document.summaries
        .filter((s) => s.scenario === scenario && s.runtime === SYSTEM_RUNTIME && s.transport === undefined)
        .map((s) => nameOf(s.variant)),
    );
    const rows = panels[i] ?? [];
    assert.deepEqual(
      rows.filter((name) => !ran.has(name) && !unavailable.includes(name)),
      [],
      `${what}: the ${scenario} panel has no row for a server that did not run it`,
    );
    assert.deepEqual(
      [...ran].filter((name) => !rows.includes(name)),
      [],
      `${what}: the ${scenario} panel has a row for every server that ran it`,
    );
  });
}

/** Where the screenshots are kept after the test (results/ is git-ignored). */
const SHOTS = join(ROOT, 'results', 'report-html');

/** A full-page screenshot kept under results/report-html/, its path in the test's output. */
async function keepScreenshot(tab: Page, name: string, diagnostic: (message: string) => void): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const shot = join(SHOTS, `${name}.png`);
  await tab.screenshot({ path: shot, fullPage: true });
  assert.ok(statSync(shot).size > 20_000, 'a screenshot of the report');
  diagnostic(`screenshot: ${shot}`);
}

test('the HTML report opens offline in Chromium: no errors, every chart drawn, tables as the JSON says', {
  skip,
  timeout: 180_000,
}, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'fiblab-report-'));
  try {
    const saved = join(out, 'saved.json');
    writeFileSync(saved, JSON.stringify(savedRun()));
    // `--from --json` writes the files and prints the document they were made from.
    const { page, document } = await renderSaved(saved, out);
    const { browser, tab, problems, fetched } = await openOffline(page);
    try {
      const charts = await tab.evaluate<
        Array<{ name: string; marks: number; width: number; words: string }>
      >(`
        [...document.querySelectorAll('figure[data-chart]')].map((f) => {
          const svg = f.querySelector('svg');
          return {
            name: f.dataset.chart,
            marks: svg ? svg.querySelectorAll('.role-mark > path, .role-mark > text, .role-mark > line').length : 0,
            width: svg ? svg.getBoundingClientRect().width : 0,
            words: svg ? svg.textContent : '',
          };
        })`);
      assert.deepEqual(
        charts.map((c) => c.name).sort(),
        ['headline', 'mixed', 'runtimes', 'scaling', 'seed', 'sweep'],
        'the headline ratios, the map, the scaling, the seed tables, the starvation demo and the runtimes are drawn',
      );
      for (const chart of charts) {
        assert.ok(chart.marks > 0, `${chart.name}: the SVG has marks`);
        assert.ok(chart.width > 200, `${chart.name}: laid out on the page (${chart.width} px)`);
      }
      const seed = charts.find((c) => c.name === 'seed');
      assert.match(seed?.words ?? '', /✕ not served/, "the seed chart writes 'not served', no bar");
      assert.match(seed?.words ?? '', /1 of 2 not served/);
      assert.match(seed?.words ?? '', /not available/, "the unavailable peer's row says so");
      // The starvation chart: the event loop and Go in colour, the rest one grey crowd in the legend.
      const legend = await tab.evaluate<string[]>(`
        [...document.querySelectorAll('figure[data-chart="mixed"] .role-legend-label text')].map((t) => t.textContent)`);
      assert.deepEqual(legend, ['event-loop', 'go (go)', 'every other server']);
      assert.deepEqual(
        await checkLayout(tab, document, 'made-up run'),
        charts.map((c) => c.name),
      );
      await checkSeedRows(tab, document, 'made-up run');

      // The tables are the report's sections, made from the JSON, cell for cell.
      const tables = await tab.evaluate<Array<{ section: string; rows: string[][] }>>(`
        [...document.querySelectorAll('table[data-section]')].map((t) => ({
          section: t.dataset.section,
          rows: [...t.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent)),
        }))`);
      const expected = reportSections(reportInput(document), document.warnings, 'markdown').flatMap((s) =>
        s.tables.map(({ table }) => ({
          section: s.id,
          rows: [[...table.header], ...table.rows.map((r) => [...r])],
        })),
      );
      assert.deepEqual(tables, expected);
      // And straight from the JSON: the sweep's first cell is event-loop's median req/s at n=1, 1 client.
      const cell = document.summaries.find(
        (s) => s.scenario === 'sweep' && s.variant === 'event-loop' && s.clients === 1 && s.n === 1,
      );
      const sweep = tables.find((t) => t.section === 'sweep');
      const row = sweep?.rows.find((r) => r[0] === 'event-loop');
      assert.equal(row?.[1], Math.round(cell?.reqPerSec.median ?? -1).toLocaleString('en-US'));
      const crossings = tables.find((t) => t.section === 'crossovers');
      assert.ok(
        crossings?.rows.some((r) => r[0] === 'pool ÷ event-loop' && /pool ahead from n=\d+/.test(r[2] ?? '')),
        'the crossover the model puts in the grid is found',
      );
      assert.ok(document.connectionCosts?.some((c) => c.variant === 'pool' && (c.serverCpuUs ?? 0) > 0));

      // Dark mode: the page turns dark, the charts stay on their white cards.
      await tab.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      const colours = await tab.evaluate<{ page: string; chart: string }>(`({
        page: getComputedStyle(document.body).backgroundColor,
        chart: getComputedStyle(document.querySelector('figure svg')).backgroundColor,
      })`);
      const [red = 255, green = 255, blue = 255] = (colours.page.match(/\d+/g) ?? []).map(Number);
      assert.ok(red + green + blue < 150, `dark mode darkens the page (${colours.page})`);
      assert.equal(colours.chart, 'rgb(255, 255, 255)', 'a chart keeps its white card in dark mode');
      await keepScreenshot(tab, 'made-up-run-dark', t.diagnostic.bind(t));
      await tab.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);

      assert.deepEqual(problems, [], 'no console error or page error');
      assert.deepEqual(fetched, [], 'nothing fetched over the network');
      await keepScreenshot(tab, 'made-up-run', t.diagnostic.bind(t));
    } finally {
      await stop(browser);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

/** The newest saved run in docs/results whose scenarios include `scenario`. */
function savedRunWith(scenario: ScenarioName): string {
  const dir = join(ROOT, 'docs', 'results');
  const found = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse()
    .find((f) =>
      (JSON.parse(readFileSync(join(dir, f), 'utf8')) as CompareDocument).scenarios.includes(scenario),
    );
  assert.ok(found !== undefined, `docs/results holds a saved run with ${scenario}`);
  return join(dir, found);
}

for (const [kind, scenario] of [
  ['default', 'io'],
  ['--sweep', 'sweep'],
  ['--scaling', 'scaling'],
  ['--latency', 'latency'],
] as const) {
  test(`a ${kind} run's saved report reads at ${VIEWPORT} px: nothing too wide, no clipped text, every ratio with its interval`, {
    skip,
    timeout: 180_000,
  }, async (t) => {
    const saved = savedRunWith(scenario);
    const out = mkdtempSync(join(tmpdir(), 'fiblab-report-'));
    try {
      const { page, document } = await renderSaved(saved, out);
      const { browser, tab, problems, fetched } = await openOffline(page);
      try {
        const charts = await checkLayout(tab, document, basename(saved));
        assert.ok(
          charts.includes(scenario === 'io' ? 'seed' : scenario),
          `${basename(saved)}: its chart is drawn`,
        );
        if (scenario === 'io') await checkSeedRows(tab, document, basename(saved));
        assert.deepEqual(problems, [], 'no console error or page error');
        assert.deepEqual(fetched, [], 'nothing fetched over the network');
        await keepScreenshot(tab, `${kind.replace(/^-+/, '')}-run`, t.diagnostic.bind(t));
      } finally {
        await stop(browser);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}
