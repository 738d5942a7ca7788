#!/usr/bin/env zx
/**
 * `npm run compare`: every server variant (TypeScript, Python and Go peers) under the same load
 * generator, in one run, on this machine; prints the seed talk's tables and writes
 * results/<timestamp>.json, results/latest.md and results/latest.svg.
 *
 * Each repeat starts every variant once (rotating the order per repeat so drift favours none)
 * and runs its cells (scenario × client count, also rotated) against it.
 */
import 'zx/globals';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../dist');
if (!fs.existsSync(path.join(dist, 'cli.js'))) {
  console.error('compare: dist/ is missing: run `npm install` (or `npm run build`) first');
  process.exit(1);
}
const { VARIANTS } = await import(`${dist}/server/variants.js`);
const { variantAvailability } = await import(`${dist}/server/availability.js`);
const { SCENARIOS, DEFAULT_SCENARIOS, LONG_N } = await import(`${dist}/compare/scenarios.js`);
const { measureSession } = await import(`${dist}/compare/measure.js`);
const { summarise } = await import(`${dist}/compare/summary.js`);
const { renderReport, warningsOf } = await import(`${dist}/compare/tables.js`);
const { renderChart } = await import(`${dist}/compare/chart.js`);
const { describeEnvironment, formatEnvironment } = await import(`${dist}/environment.js`);
const { fib: nativeFib } = await import(`${dist}/native.js`);

const USAGE = `Usage: npm run compare -- [options]     (or: npx zx scripts/compare.mjs [options])

  --quick              1 repeat, 0.5 s warm-up, 1 s measured (~2 minutes)
  --full               every scenario, heavy included
  --only a,b           only these variants (see \`fiblab variants\`)
  --scenarios a,b      of: ${Object.keys(SCENARIOS).join(', ')} [${DEFAULT_SCENARIOS.join(',')}]
  --clients 1,2        client counts of the rate scenarios [1,2]
  --warmup S           warm-up of the first cell after a server starts [1]; later cells 0.3
  --duration S         measured seconds per cell [2]
  --repeat N           repeats, reported as median (min–max) [3]
  --json               print the JSON document instead of the tables
  --out DIR            where results go [results]
`;

if (argv.help || argv.h) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const list = (value, fallback) =>
  value === undefined || value === true ? fallback : String(value).split(',').filter(Boolean);
const number = (value, fallback, name) => {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new Error(`--${name} must be a positive number, got '${value}'`);
  return parsed;
};

const quick = Boolean(argv.quick);
const timing = {
  firstWarmupS: number(argv.warmup, quick ? 0.5 : 1, 'warmup'),
  warmupS: quick ? 0.2 : 0.3,
  durationS: number(argv.duration, quick ? 1 : 2, 'duration'),
};
const repeats = Math.round(number(argv.repeat, quick ? 1 : 3, 'repeat'));
const scenarioNames = argv.full ? Object.keys(SCENARIOS) : list(argv.scenarios, [...DEFAULT_SCENARIOS]);
const clientCounts = list(argv.clients, ['1', '2']).map((c) => Math.round(number(c, 1, 'clients')));
const only = list(argv.only, undefined);
const outDir = path.resolve(String(argv.out ?? path.join(here, '../results')));

for (const name of scenarioNames)
  if (!(name in SCENARIOS))
    throw new Error(`unknown scenario '${name}'; valid: ${Object.keys(SCENARIOS).join(', ')}`);
for (const name of only ?? []) {
  if (!VARIANTS.some((v) => v.name === name))
    throw new Error(`unknown variant '${name}'; valid: ${VARIANTS.map((v) => v.name).join(', ')}`);
}

const runtimes = ['node'];
const nodeRuntime = { runtime: 'node', command: process.execPath, commandArgs: [] };
const variants = VARIANTS.filter((v) => only === undefined || only.includes(v.name));
const unavailable = [];
const measurable = [];
for (const variant of variants) {
  const availability = await variantAvailability(variant);
  if (availability.ok) measurable.push(variant);
  else unavailable.push({ variant: variant.name, runtime: 'node', reason: availability.reason });
}

const cells = scenarioNames.flatMap((scenario) =>
  SCENARIOS[scenario].clientCounts(clientCounts).map((clients) => ({ scenario, clients })),
);
const rotate = (items, by) => items.map((_, i) => items[(i + by) % items.length]);

// Environment header: what every figure depends on.
const version = async (cmd) =>
  (await $({ nothrow: true, quiet: true })`${cmd} --version`).stdout.trim().split('\n')[0] || 'not installed';
const environment = {
  ...describeEnvironment(),
  npm: await version('npm'),
  cargo: await version('cargo'),
  go: (await $({ nothrow: true, quiet: true })`go version`).stdout.trim() || 'not installed',
  python: await version('python3'),
  timing,
  repeats,
};
const header = `${formatEnvironment(environment)}
tools    npm ${environment.npm} · ${environment.cargo} · ${environment.go} · ${environment.python}
load     ${repeats} repeat(s) × ${cells.length} cells × ${measurable.length} variants; warm-up ${timing.firstWarmupS} s (then ${timing.warmupS} s), ${timing.durationS} s measured
note     server and load generator share the ${environment.cores} cores: compare ratios within this run, not with other machines`;
if (!argv.json) console.log(`${header}\n`);

// The ceiling of the heavy table: how fast the addon computes fib(LONG_N) in-process.
const inProcess = [];
for (let i = 0; i < 15; i++) {
  const t = performance.now();
  nativeFib(LONG_N);
  inProcess.push(performance.now() - t);
}
inProcess.sort((a, b) => a - b);
const nativeFibMs = inProcess[7];
const nativeLimitReqPerSec = (environment.cores * 1000) / nativeFibMs;

// Progress with ETA on stderr (a line per cell when not a TTY).
const totalCells = repeats * cells.length * measurable.length;
const perCellS = timing.durationS + timing.warmupS + 0.7;
let done = 0;
const startedAt = Date.now();
const eta = () => {
  const elapsed = (Date.now() - startedAt) / 1000;
  const left = done === 0 ? totalCells * perCellS : (elapsed / done) * (totalCells - done);
  return `${Math.floor(left / 60)}:${String(Math.round(left % 60)).padStart(2, '0')}`;
};
const progress = (text) => {
  if (argv.json) return;
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
  else process.stderr.write(`${text}\n`);
};

const records = [];
for (let repeat = 0; repeat < repeats; repeat++) {
  for (const variant of rotate(measurable, repeat)) {
    const sessionCells = rotate(cells, repeat);
    try {
      await measureSession(
        { variant: variant.name, ...nodeRuntime },
        sessionCells,
        timing,
        repeat,
        (record) => {
          records.push(record);
          done++;
          const what = `${record.variant} · ${record.scenario} ${record.clients} cl.`;
          progress(
            `[${done}/${totalCells}] repeat ${repeat + 1}/${repeats}  ${what.padEnd(40)} ${Math.round(record.reqPerSec).toLocaleString('en-US').padStart(8)} req/s   ETA ${eta()}`,
          );
        },
      );
    } catch (error) {
      done += sessionCells.length;
      unavailable.push({ variant: variant.name, runtime: 'node', reason: `failed: ${error.message}` });
      progress(`${variant.name}: ${error.message}\n`);
    }
  }
}
if (process.stderr.isTTY && !argv.json) process.stderr.write('\r\x1b[2K');

const summaries = summarise(records);
const warnings = warningsOf(summaries, records);
const report = renderReport(
  { summaries, unavailable, scenarios: scenarioNames, clientCounts, runtimes, nativeLimitReqPerSec },
  warnings,
);
const stamp = environment.date.replace(/[:.]/g, '-');
const document = {
  schemaVersion: 1,
  environment,
  nativeFibMs,
  nativeLimitReqPerSec,
  scenarios: scenarioNames,
  clientCounts,
  unavailable,
  records,
  summaries,
  warnings,
};

await fs.mkdirp(outDir);
await fs.writeFile(path.join(outDir, `${stamp}.json`), `${JSON.stringify(document, null, 2)}\n`);
await fs.writeFile(
  path.join(outDir, 'latest.md'),
  `# fiblab compare — ${environment.date}\n\n\`\`\`\n${header}\n\`\`\`\n\n${report}\n`,
);
await fs.writeFile(
  path.join(outDir, 'latest.svg'),
  await renderChart(
    summaries,
    `fiblab compare · ${environment.cpuModel} × ${environment.cores} · ${environment.date.slice(0, 10)}`,
  ),
);

if (argv.json) console.log(JSON.stringify(document, null, 2));
else
  console.log(
    `${report}\n\nwrote ${path.relative(process.cwd(), outDir)}/${stamp}.json, latest.md, latest.svg`,
  );
if (records.some((r) => r.wrongAnswers > 0)) process.exitCode = 1;
