/** `fiblab load`: parse flags, run, print the report (human or JSON), return the exit status. */
import { runCommand, UsageError } from '../cli/command.js';
import { isLoadError, LoadErrorCodes } from '../load/errors.js';
import { formatLoadReport } from '../load/format.js';
import { LOAD_COMMAND, LOAD_EXIT, loadOptions } from '../load/options.js';
import { ttyProgress } from '../load/progress.js';
import { runLoad } from '../load/run.js';
import { transportMismatch } from '../load/transport-mismatch.js';
import type { LoadReport } from '../load/types.js';

/** The exit status a finished run earns (see LOAD_EXIT), and the line that says why when it is not 0. */
export function reportStatus(report: LoadReport): { status: number; why: string | null } {
  const { wrongAnswers, requests, errors } = report.total;
  if (wrongAnswers > 0) return { status: LOAD_EXIT.FAILED, why: `${wrongAnswers} WRONG ANSWERS` };
  if (requests === 0) {
    return {
      status: LOAD_EXIT.NO_CORRECT_REPLY,
      why:
        errors > 0
          ? `no correct reply: all ${errors} replies were errors`
          : 'no correct reply: the server answered nothing in the measured window',
    };
  }
  return { status: LOAD_EXIT.OK, why: null };
}

/** Runs `fiblab load <argv>`; resolves to the exit status (LOAD_EXIT). */
export function runLoadCli(argv: string[]): Promise<number> {
  return runCommand(LOAD_COMMAND, argv, async (values, positionals) => {
    const options = loadOptions(values, positionals);
    const json = values.json === true;
    // Live progress only for a person watching: never into a pipe, never beside JSON.
    const progress = !json && process.stderr.isTTY ? ttyProgress(process.stderr) : null;
    let report: LoadReport;
    try {
      report = await runLoad(progress ? { ...options, onProgress: progress.update } : options);
    } catch (error) {
      // A rate this machine cannot keep is found only when the run starts: still a usage error.
      if (isLoadError(error, LoadErrorCodes.OPTIONS)) throw new UsageError(error.message);
      throw error;
    } finally {
      progress?.done();
    }
    // Wrong answers or silence from a server of the other transport are the user's mistake, not
    // the server's: say that instead of a report of a broken server.
    const mismatch = await transportMismatch(report);
    if (mismatch !== null) throw new UsageError(mismatch);
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatLoadReport(report));
    const { status, why } = reportStatus(report);
    // The human report already says it; with --json stdout is the document, so say it here too.
    if (json && why !== null) process.stderr.write(`${LOAD_COMMAND.name}: ${why}\n`);
    return status;
  });
}
