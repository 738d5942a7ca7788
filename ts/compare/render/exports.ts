/**
 * `--export`: a run in formats other tools read, one file per format behind one small interface
 * (hyperfine's src/export/). Fixed names under the run's output folder, overwritten by each run,
 * so a CI step can name them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CellFigures, runFigures } from '../analyse/run-figures.js';
import type { ExportFormat } from '../options.js';
import type { MeasurementRecord } from '../types.js';
import { toBmf } from './export-bmf.js';
import { toGithubActionBenchmark } from './export-github-action-benchmark.js';

/** A format: the files it writes (name → JSON value) from a run's cells. */
const EXPORTERS: Record<ExportFormat, (cells: readonly CellFigures[]) => Record<string, unknown>> = {
  bmf: (cells) => ({ 'bmf.json': toBmf(cells) }),
  'github-action-benchmark': (cells) => {
    const { bigger, smaller } = toGithubActionBenchmark(cells);
    return {
      'github-action-benchmark-bigger.json': bigger,
      'github-action-benchmark-smaller.json': smaller,
    };
  },
};

/** Writes the run's records in each of `formats` under `outDir`; returns the paths. */
export async function writeExports(
  records: readonly MeasurementRecord[],
  formats: readonly ExportFormat[],
  outDir: string,
): Promise<string[]> {
  if (formats.length === 0) return [];
  const cells = runFigures(records);
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    for (const [name, value] of Object.entries(EXPORTERS[format](cells))) {
      const path = join(outDir, name);
      await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
      written.push(path);
    }
  }
  return written;
}
