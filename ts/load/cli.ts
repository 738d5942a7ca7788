/** `fiblab load`: parse flags, run, print the report (human or JSON), return the exit status. */

import { isLoadError, LoadErrorCodes } from './errors.js';
import { formatLoadReport } from './format.js';
import { LOAD_USAGE, parseLoadArgs } from './options.js';
import { ttyProgress } from './progress.js';
import { runLoad } from './run.js';
import type { LoadReport } from './types.js';

/** Runs `fiblab load <argv>`; resolves to the exit status (0 ok, 1 wrong answers or no connection, 2 bad flags). */
export async function runLoadCli(argv: string[]): Promise<number> {
  const parsed = parseLoadArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(LOAD_USAGE);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(`fiblab load: ${parsed.message}\nRun 'fiblab load --help' for the options.\n`);
    return 2;
  }

  // Live progress only for a person watching: never into a pipe, never beside JSON.
  const progress = !parsed.json && process.stderr.isTTY ? ttyProgress(process.stderr) : null;
  let report: LoadReport;
  try {
    report = await runLoad(progress ? { ...parsed.options, onProgress: progress.update } : parsed.options);
  } catch (error) {
    progress?.done();
    process.stderr.write(`fiblab load: ${error instanceof Error ? error.message : String(error)}\n`);
    return isLoadError(error, LoadErrorCodes.OPTIONS) ? 2 : 1;
  }
  progress?.done();

  process.stdout.write(parsed.json ? `${JSON.stringify(report, null, 2)}\n` : formatLoadReport(report));
  if (report.total.wrongAnswers > 0) {
    // The human report already shouts it; with --json stdout is the document, so say it here too.
    if (parsed.json) process.stderr.write(`fiblab load: ${report.total.wrongAnswers} WRONG ANSWERS\n`);
    return 1;
  }
  return 0;
}
