/**
 * The support matrix: which server variant runs on which runtime. Every cell was established by
 * running the behavioural server suite (test/helpers/server-suite.ts) on that runtime, at the
 * versions in {@link MATRIX_VERSIONS}; test/runtimes-server-suite.test.ts (`npm test`: the floor)
 * and test/slow/runtimes-server-matrix.test.ts (`npm run test:slow`: the rest) keep the supported
 * cells passing, and with FIBLAB_RUNTIMES_ALL=1 also run the others, to see if one now passes.
 * A cell is supported unless listed here with the precise reason it fails.
 */

import type { Availability } from '../availability.js';
import { findVariant, VARIANTS } from '../variants/registry.js';
import type { RuntimeName } from './registry.js';

/** The runtime versions the matrix was established with. */
export const MATRIX_VERSIONS: Readonly<Record<RuntimeName, string>> = {
  node: 'v20.20.2',
  'node-lts': 'v24.21.0',
  bun: '1.4.5',
  deno: '2.9.6',
};

/** Cells that fail the suite, by runtime and variant, with what fails. */
const FAILS: Partial<Record<RuntimeName, Readonly<Record<string, string>>>> = {};

/** Cells that pass the suite with a caveat worth knowing. */
const NOTES: Partial<Record<RuntimeName, Readonly<Record<string, string>>>> = {};

/** Server flags whose effect depends on the runtime, as extra rows of the matrix. */
const FLAG_FAILS: Readonly<Record<string, Partial<Record<RuntimeName, string>>>> = {
  '--uv-threadpool-size': {
    bun: 'refused (exit 2): Bun runs N-API async work on its own thread pool, not libuv, so the flag would do nothing (4 fibAsync calls run in parallel with UV_THREADPOOL_SIZE=1)',
    deno: 'refused (exit 2): Deno runs N-API async work on its own blocking pool, not libuv, so the flag would do nothing (4 fibAsync calls run in parallel with UV_THREADPOOL_SIZE=1)',
  },
};

/** Whether `variant` (a name from the variant registry) runs on `runtime`, and if not, why. */
export function variantSupport(runtime: RuntimeName, variant: string): Availability {
  const known = findVariant(variant);
  if (known === undefined) return { ok: false, reason: `unknown variant '${variant}'` };
  if (known.kind === 'peer') {
    return runtime === 'node'
      ? { ok: true }
      : { ok: false, reason: 'a reference peer runs on its own toolchain, not on a JS runtime' };
  }
  const reason = FAILS[runtime]?.[variant];
  if (reason !== undefined) return { ok: false, reason };
  const note = NOTES[runtime]?.[variant] ?? NOTES[runtime]?.['*'];
  return note === undefined ? { ok: true } : { ok: true, note };
}

/** Whether a `fiblab serve` flag does what it says on `runtime`. */
export function flagSupport(runtime: RuntimeName, flag: string): Availability {
  const reason = FLAG_FAILS[flag]?.[runtime];
  return reason === undefined ? { ok: true } : { ok: false, reason };
}

/** One row of the matrix: a TypeScript variant or a runtime-dependent flag. */
export interface MatrixRow {
  /** The variant name, or the flag (`--uv-threadpool-size`). */
  row: string;
  cells: Record<RuntimeName, Availability>;
}

/** The whole matrix: every TypeScript variant, then every runtime-dependent flag. */
export function supportMatrix(runtimes: readonly RuntimeName[]): MatrixRow[] {
  const rowOf = (row: string, support: (runtime: RuntimeName) => Availability): MatrixRow => ({
    row,
    cells: Object.fromEntries(runtimes.map((runtime) => [runtime, support(runtime)])) as Record<
      RuntimeName,
      Availability
    >,
  });
  return [
    ...VARIANTS.filter((v) => v.kind === 'ts').map((v) => rowOf(v.name, (r) => variantSupport(r, v.name))),
    ...Object.keys(FLAG_FAILS).map((flag) => rowOf(flag, (r) => flagSupport(r, flag))),
  ];
}
