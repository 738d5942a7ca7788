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
const { RUNTIMES, findRuntime, runtimeAvailability, installRuntimes, sessionTarget } = await import(
  `${dist}/runtimes/registry.js`
);
const { variantSupport } = await import(`${dist}/runtimes/support.js`);

// The variants that tell the runtime story, and the cells they run on the other runtimes,
// unless --full: a default run with every runtime stays within ~12 minutes on 2 cores.
const STORY_VARIANTS = ['event-loop', 'pool', 'native-sync', 'native-async', 'cluster'];
const STORY_CELLS = [
  { scenario: 'io', clients: 1 },
  { scenario: 'cpu', clients: 2 },
  { scenario: 'mixed', clients: 2 },
];

const USAGE = `Usage: npm run compare -- [options]     (or: npx zx scripts/compare.mjs [options])

  --quick              1 repeat, 0.5 s warm-up, 1 s measured (~3 minutes)
  --full               every scenario (heavy included), every variant on every runtime
  --runtimes a,b       of: ${RUNTIMES.map((r) => r.name).join(', ')} [all; installed on demand]
  --only a,b           only these variants (see \`fiblab variants\`)
  --scenarios a,b      of: ${Object.keys(SCENARIOS).join(', ')} [${DEFAULT_SCENARIOS.join(',')}]
  --clients 1,2        client counts of the rate scenarios [1,2]
  --warmup S           warm-up of the first cell after a server starts [0.75]; later cells 0.25
  --duration S         measured seconds per cell [1.25]
  --repeat N           repeats, reported as median (min–max) [3]
  --json               print the JSON document instead of the tables
  --out DIR            where results go [results]
  --from FILE          re-render the tables of a saved results/<timestamp>.json, measuring nothing
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
  firstWarmupS: number(argv.warmup, quick ? 0.5 : 0.75, 'warmup'),
  warmupS: quick ? 0.2 : 0.25,
  durationS: number(argv.duration, quick ? 1 : 1.25, 'duration'),
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

/** Measures every planned session; returns what the report and the JSON document are made of. */
async function measureRun() {
  const runtimeNames = list(
    argv.runtimes,
    RUNTIMES.map((r) => r.name),
  );
  for (const name of runtimeNames) {
    if (findRuntime(name) === undefined)
      throw new Error(`unknown runtime '${name}'; valid: ${RUNTIMES.map((r) => r.name).join(', ')}`);
  }
  if (runtimeNames.some((name) => !runtimeAvailability(findRuntime(name)).ok)) {
    console.error('compare: installing the pinned JS runtimes into runtimes/node_modules (npm ci, once)…');
    try {
      await installRuntimes({ log: (line) => console.error(`compare: ${line}`) });
    } catch (error) {
      console.error(`compare: could not install every runtime (${error.message}); those rows say so`);
    }
  }

  const cells = scenarioNames.flatMap((scenario) =>
    SCENARIOS[scenario].clientCounts(clientCounts).map((clients) => ({ scenario, clients })),
  );
  const unavailable = [];
  // One session = one variant on one runtime, started once per repeat, running its cells.
  const sessions = [];
  const runtimes = [];
  for (const name of runtimeNames) {
    const runtime = findRuntime(name);
    const availability = runtimeAvailability(runtime);
    const other = name !== 'node';
    const variants = VARIANTS.filter(
      (v) =>
        (only === undefined || only.includes(v.name)) &&
        (!other || (v.kind === 'ts' && (argv.full || STORY_VARIANTS.includes(v.name)))),
    );
    if (variants.length === 0) continue;
    runtimes.push(name);
    const runtimeCells =
      other && !argv.full ? STORY_CELLS.filter((c) => scenarioNames.includes(c.scenario)) : cells;
    for (const variant of variants) {
      const support = availability.ok ? variantSupport(name, variant.name) : availability;
      const found = support.ok ? await variantAvailability(variant) : support;
      if (!found.ok) unavailable.push({ variant: variant.name, runtime: name, reason: found.reason });
      else sessions.push({ variant: variant.name, runtime, cells: runtimeCells });
    }
  }
  const rotate = (items, by) => items.map((_, i) => items[(i + by) % items.length]);

  // Environment header: what every figure depends on.
  const version = async (cmd) =>
    (await $({ nothrow: true, quiet: true })`${cmd} --version`).stdout.trim().split('\n')[0] ||
    'not installed';
  const runtimeVersions = {};
  for (const name of runtimes) {
    const runtime = findRuntime(name);
    runtimeVersions[name] = runtimeAvailability(runtime).ok
      ? await runtime.version().catch((e) => `unknown (${e.message})`)
      : 'not installed';
  }
  const environment = {
    ...describeEnvironment(),
    runtimes: runtimeVersions,
    npm: await version('npm'),
    cargo: await version('cargo'),
    go: (await $({ nothrow: true, quiet: true })`go version`).stdout.trim() || 'not installed',
    python: await version('python3'),
    timing,
    repeats,
    plan: { servers: sessions.length, cellsPerRepeat: sessions.reduce((sum, s) => sum + s.cells.length, 0) },
  };
  if (!argv.json) console.log(`${headerOf(environment)}\n`);

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
  const totalCells = repeats * sessions.reduce((sum, s) => sum + s.cells.length, 0);
  const perCellS = timing.durationS + timing.warmupS + 0.3;
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
    for (const session of rotate(sessions, repeat)) {
      const sessionCells = rotate(session.cells, repeat);
      const where = session.runtime.name === 'node' ? '' : ` on ${session.runtime.name}`;
      try {
        const target = { variant: session.variant, ...sessionTarget(session.runtime) };
        await measureSession(target, sessionCells, timing, repeat, (record) => {
          records.push(record);
          done++;
          const what = `${record.variant}${where} · ${record.scenario} ${record.clients} cl.`;
          const rate = Math.round(record.reqPerSec).toLocaleString('en-US');
          progress(
            `[${done}/${totalCells}] repeat ${repeat + 1}/${repeats}  ${what.padEnd(44)} ${rate.padStart(8)} req/s   ETA ${eta()}`,
          );
        });
      } catch (error) {
        done += sessionCells.length;
        unavailable.push({
          variant: session.variant,
          runtime: session.runtime.name,
          reason: `failed: ${error.message}`,
        });
        progress(`${session.variant}${where}: ${error.message}\n`);
      }
    }
  }
  if (process.stderr.isTTY && !argv.json) process.stderr.write('\r\x1b[2K');
  if (process.stderr.isTTY && !argv.json) process.stderr.write('\r\x1b[2K');
  return { environment, records, unavailable, runtimes, nativeFibMs, nativeLimitReqPerSec };
}

/** The header above every report: the environment, tools, runtimes and how the run was made. */
function headerOf(environment) {
  const { timing: t, plan } = environment;
  return `${formatEnvironment(environment)}
tools    npm ${environment.npm} · ${environment.cargo} · ${environment.go} · ${environment.python}
runtimes ${Object.entries(environment.runtimes)
    .map(([name, v]) => `${name} ${v}`)
    .join(' · ')}
load     ${environment.repeats} repeat(s) × ${plan.servers} servers (variant × runtime), ${plan.cellsPerRepeat} cells each repeat; warm-up ${t.firstWarmupS} s (then ${t.warmupS} s), ${t.durationS} s measured
note     server and load generator share the ${environment.cores} cores: compare ratios within this run, not with other machines`;
}

// --from FILE re-renders a saved run (its records) without measuring anything.
const run = argv.from
  ? JSON.parse(await fs.readFile(path.resolve(String(argv.from)), 'utf8'))
  : await measureRun();
const { environment, records, unavailable, runtimes, nativeLimitReqPerSec, nativeFibMs } = {
  ...run,
  runtimes: run.runtimes ?? Object.keys(run.environment.runtimes),
};
const header = headerOf(environment);
const reportScenarios = run.scenarios ?? scenarioNames;
const reportClients = run.clientCounts ?? clientCounts;
const summaries = summarise(records);
const warnings = warningsOf(summaries, records);
const report = renderReport(
  {
    summaries,
    unavailable,
    scenarios: reportScenarios,
    clientCounts: reportClients,
    runtimes,
    runtimeLabels: Object.fromEntries(
      runtimes.map((name) => [name, `${name} ${environment.runtimes[name]}`]),
    ),
    nativeLimitReqPerSec,
  },
  warnings,
);
const stamp = environment.date.replace(/[:.]/g, '-');
const document = {
  schemaVersion: 1,
  runtimes,
  environment,
  nativeFibMs,
  nativeLimitReqPerSec,
  scenarios: reportScenarios,
  clientCounts: reportClients,
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
