import { relative } from 'node:path';
import type { Availability } from '../availability.js';
import { runCommand, UsageError } from '../cli/command.js';
import { markdownTable, textTable } from '../render/table.js';
import {
  installRuntimes,
  PROJECT_ROOT,
  RUNTIMES,
  type Runtime,
  type RuntimeName,
  runtimeAvailability,
} from '../runtimes/registry.js';
import { MATRIX_VERSIONS, type MatrixRow, supportMatrix } from '../runtimes/support.js';

const RUNTIMES_COMMAND = {
  name: 'fiblab runtimes',
  synopsis: 'fiblab runtimes [--json | --markdown] [--install]',
  description: `The JavaScript runtimes fiblab's servers run on (the system Node.js, the current Node.js LTS,
Bun, Deno), their versions, and which server variant passes the behavioural suite on which.
The load generator always runs on the system Node.js.`,
  flags: {
    install: {
      type: 'boolean',
      help: 'first install the missing runtimes into runtimes/node_modules (npm ci)',
    },
    json: { type: 'boolean', help: 'print everything as JSON' },
    markdown: { type: 'boolean', help: "print the support matrix as a Markdown table (docs/runtimes.md's)" },
  },
} as const;

/** What `fiblab runtimes --json` prints for one runtime. */
export interface RuntimeReport {
  name: RuntimeName;
  label: string;
  availability: Availability;
  binary: string | null;
  /** The version it reports, or null if it is not installed or would not say. */
  version: string | null;
  /** The version the support matrix was established with. */
  matrixVersion: string;
}

async function reportOf(runtime: Runtime): Promise<RuntimeReport> {
  const availability = runtimeAvailability(runtime);
  let version: string | null = null;
  if (availability.ok) version = await runtime.version().catch(() => null);
  return {
    name: runtime.name,
    label: runtime.label,
    availability,
    binary: runtime.binary() ?? null,
    version,
    matrixVersion: MATRIX_VERSIONS[runtime.name],
  };
}

/** Numbers each distinct note or reason once, in order of first appearance. */
function footnotes(matrix: readonly MatrixRow[], names: readonly RuntimeName[]) {
  const texts: string[] = [];
  const mark = (support: Availability): string => {
    const text = support.ok ? support.note : support.reason;
    if (text === undefined) return '✓';
    let index = texts.indexOf(text);
    if (index < 0) index = texts.push(text) - 1;
    return `${support.ok ? '✓' : '✗'} ${index + 1}`;
  };
  const rows = matrix.map((row) => [row.row, ...names.map((name) => mark(row.cells[name]))]);
  return { rows, texts };
}

const table = (header: string[], rows: string[][]) => textTable({ header, rows });

const versionsLine = () => RUNTIMES.map((r) => `${r.name} ${MATRIX_VERSIONS[r.name]}`).join(' · ');

/** The support matrix as Markdown, for the README: a table and its numbered notes. */
export function matrixMarkdown(): string {
  const names = RUNTIMES.map((r) => r.name);
  const { rows, texts } = footnotes(supportMatrix(names), names);
  return [
    markdownTable({
      header: ['variant', ...RUNTIMES.map((r) => `${r.label} ${MATRIX_VERSIONS[r.name]}`)],
      rows: rows.map(([row, ...cells]) => [`\`${row}\``, ...cells]),
    }),
    '',
    '✓ passes the behavioural server suite; ✓ n passes, see note n; ✗ n does not, see note n.',
    '',
    ...texts.map((text, i) => `${i + 1}. ${text}`),
  ].join('\n');
}

/** `fiblab runtimes`: the runtimes, their versions and the support matrix. */
export function runtimesCli(argv: string[]): Promise<number> {
  return runCommand(RUNTIMES_COMMAND, argv, (values) => runtimes(values));
}

async function runtimes(values: { json?: boolean; markdown?: boolean; install?: boolean }): Promise<number> {
  if (values.json && values.markdown) throw new UsageError('give --json or --markdown, not both');
  if (values.install) {
    try {
      await installRuntimes({ log: (line) => process.stderr.write(`fiblab runtimes: ${line}\n`) });
    } catch (error) {
      process.stderr.write(`fiblab runtimes: install failed: ${(error as Error).message}\n`);
      return 1;
    }
  }
  if (values.markdown) {
    process.stdout.write(`${matrixMarkdown()}\n`);
    return 0;
  }
  const reports = await Promise.all(RUNTIMES.map(reportOf));
  const names = RUNTIMES.map((r) => r.name);
  const matrix = supportMatrix(names);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ runtimes: reports, matrix }, null, 2)}\n`);
    return 0;
  }

  const shown = (path: string) => {
    const inside = relative(PROJECT_ROOT, path);
    return inside.startsWith('..') ? path : inside;
  };
  const runtimeRows = reports.map((r) => {
    const stale =
      r.version !== null && !r.version.startsWith(r.matrixVersion) ? ` (matrix: ${r.matrixVersion})` : '';
    return [
      r.name,
      r.label,
      r.availability.ok ? `${r.version ?? 'unknown'}${stale}` : r.availability.reason,
      r.binary === null ? '' : shown(r.binary),
    ];
  });
  const { rows, texts } = footnotes(matrix, names);
  process.stdout.write(
    [
      table(['runtime', 'what', 'version', 'binary'], runtimeRows),
      '',
      `Support: each cell ran the behavioural server suite (${versionsLine()}).`,
      '',
      table(['variant', ...names], rows),
      '',
      ...texts.map((text, i) => `${String(i + 1).padStart(2)}. ${text}`),
      '',
      'The load generator always runs on the system Node.js; `npm run runtimes:install` installs the others.',
      '',
    ].join('\n'),
  );
  return 0;
}
