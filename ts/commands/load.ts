/** `fiblab load`: parse flags, run, print the report (human or JSON), return the exit status. */
import { runCommand, UsageError } from '../cli/command.js';
import { stopOnSignals } from '../launch/stop-on-signals.js';
import { isLoadError, LoadErrorCodes } from '../load/errors.js';
import { formatLoadReport } from '../load/format.js';
import { loadHostSpecs } from '../load/host-options.js';
import { partOptions, runLoadPart } from '../load/host-part.js';
import { runLoadOnHosts } from '../load/load-hosts.js';
import { LOAD_COMMAND, LOAD_EXIT, loadOptions } from '../load/options.js';
import { ttyProgress } from '../load/progress.js';
import { runLoad } from '../load/run.js';
import { transportMismatch } from '../load/transport-mismatch.js';
import type { LoadOptions, LoadReport } from '../load/types.js';
import { PROJECT_ROOT } from '../runtimes/registry.js';

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

/** One load host's part (`--as-load-host JSON`): the lines of host-messages.ts on stdin and stdout. */
async function runAsLoadHost(json: string, others: readonly string[]): Promise<number> {
  if (others.length > 0) throw new UsageError('--as-load-host takes no other option or target');
  const figures = await runLoadPart(
    partOptions(json),
    process.stdin,
    (line) => process.stdout.write(`${line}\n`),
    () => {
      // The run that started this part is gone (its ssh connection too, perhaps): stop at once.
      process.stderr.write(`${LOAD_COMMAND.name}: the run that started this load host went away\n`);
      process.exit(LOAD_EXIT.FAILED);
    },
  );
  process.stdout.write(`figures ${JSON.stringify(figures)}\n`);
  process.stdin.destroy();
  return LOAD_EXIT.OK;
}

/** The run over every --load-host; a signal to this process stops it on every host first. */
async function runOnHosts(
  options: LoadOptions,
  hosts: NonNullable<ReturnType<typeof loadHostSpecs>>,
): Promise<LoadReport> {
  const controller = new AbortController();
  const run = runLoadOnHosts(
    options,
    { hosts, localDir: PROJECT_ROOT, log: (line) => process.stderr.write(`${LOAD_COMMAND.name}: ${line}\n`) },
    controller.signal,
  );
  const offSignals = stopOnSignals(async () => {
    controller.abort();
    await run.catch(() => {});
  });
  try {
    return await run;
  } finally {
    offSignals();
  }
}

/** Runs `fiblab load <argv>`; resolves to the exit status (LOAD_EXIT). */
export function runLoadCli(argv: string[]): Promise<number> {
  return runCommand(LOAD_COMMAND, argv, async (values, positionals) => {
    try {
      const part = values['as-load-host'];
      if (part !== undefined) {
        const others = Object.keys(values).filter(
          (k) => k !== 'as-load-host' && values[k as keyof typeof values] !== undefined,
        );
        return await runAsLoadHost(part, [...others, ...positionals]);
      }
      const options = loadOptions(values, positionals);
      const hosts = loadHostSpecs(values, PROJECT_ROOT);
      const json = values.json === true;
      // Live progress only for a person watching: never into a pipe, never beside JSON. Over load
      // hosts it is every host's rate added up, second by second.
      const progress = !json && process.stderr.isTTY ? ttyProgress(process.stderr) : null;
      const watched = progress ? { ...options, onProgress: progress.update } : options;
      let report: LoadReport;
      try {
        report = hosts === undefined ? await runLoad(watched) : await runOnHosts(watched, hosts);
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
    } catch (error) {
      // A rate this machine cannot keep is found only when the run starts: still a usage error.
      if (isLoadError(error, LoadErrorCodes.OPTIONS)) throw new UsageError(error.message);
      throw error;
    }
  });
}
