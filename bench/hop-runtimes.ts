/**
 * `npm run bench:hop`: bench/hop.ts on every installed runtime (system Node, Node LTS, Bun,
 * Deno; `npm run runtimes:install` installs the others), one after the other, then one table:
 * median µs per call of each round trip, per runtime, and the adaptive spin's median ÷ the best
 * fixed spin's. About 10 s per runtime.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT, RUNTIMES, type Runtime } from '../ts/runtimes/registry.js';
import type { HopReport } from './hop.js';

const run = promisify(execFile);
const SCRIPT = join(PROJECT_ROOT, 'bench', 'hop.ts');

/** How each runtime runs a TypeScript file: Node through tsx, Bun and Deno natively. */
function commandFor(runtime: Runtime, binary: string): string[] {
  if (runtime.name === 'bun') return [binary, SCRIPT, '--json'];
  if (runtime.name === 'deno') {
    return [
      binary,
      'run',
      '--no-prompt',
      `--allow-read=${PROJECT_ROOT}`,
      `--allow-ffi=${join(PROJECT_ROOT, 'packages', 'native')}`,
      '--allow-env',
      '--allow-sys',
      SCRIPT,
      '--json',
    ];
  }
  return [binary, '--import', 'tsx', SCRIPT, '--json'];
}

const reports: HopReport[] = [];
for (const runtime of RUNTIMES) {
  const binary = runtime.binary();
  if (binary === undefined) {
    console.log(`${runtime.name}: not installed, skipped`);
    continue;
  }
  const [file, ...args] = commandFor(runtime, binary);
  try {
    const { stdout } = await run(file ?? binary, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...runtime.env },
      timeout: 60_000,
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as HopReport;
    reports.push(report);
    console.log(`${runtime.name}: ${report.runtime}`);
  } catch (error) {
    console.log(`${runtime.name}: failed: ${(error as Error).message.split('\n')[0]}`);
  }
}

const table: Record<string, Record<string, string>> = {};
for (const report of reports) {
  for (const row of report.rows) {
    table[row.what] ??= {};
    (table[row.what] as Record<string, string>)[report.runtime] = `${row.medianUs.toFixed(1)} µs`;
  }
  for (const [what, ms] of Object.entries(report.idleCpuMs)) {
    const key = `idle pool CPU over 1 s, ${what}`;
    table[key] ??= {};
    (table[key] as Record<string, string>)[report.runtime] = `${ms.toFixed(1)} ms`;
  }
  const extra: Record<string, string> = {
    'adaptive spin: wake-up measured / budget': `${report.adaptive.wakeMicros.toFixed(0)} / ${report.adaptive.budgetMicros.toFixed(0)} µs`,
    'adaptive ÷ best fixed spin, serial median': `${report.autoOverBestFixed.toFixed(2)}×`,
  };
  for (const [key, value] of Object.entries(extra)) {
    table[key] ??= {};
    (table[key] as Record<string, string>)[report.runtime] = value;
  }
}
console.log('\nmedian µs per call (2 shared cores: expect ±30 % run to run)');
console.table(table);
