/**
 * The process table on Windows, where there is neither /proc nor `ps`: Win32_Process through
 * PowerShell's Get-CimInstance (wmic, which older Node libraries call, is gone from Windows 11
 * 24H2 and Windows Server 2025). PowerShell takes about half a second to start, so sampling
 * keeps one helper running that answers a table per line it reads; it is unref'd, so it never
 * keeps fiblab alive, and ends with it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type ProcessTable, parseWindowsTable } from './process-table.js';

/** Every process as `PID PPID CPU(100 ns) RSS(bytes) PEAK(KiB)`, then `end`. */
const TABLE =
  "foreach ($p in Get-CimInstance Win32_Process -Property ProcessId,ParentProcessId,UserModeTime,KernelModeTime,WorkingSetSize,PeakWorkingSetSize) { [Console]::Out.WriteLine(('{0} {1} {2} {3} {4}' -f $p.ProcessId,$p.ParentProcessId,($p.UserModeTime+$p.KernelModeTime),$p.WorkingSetSize,$p.PeakWorkingSetSize)) }; [Console]::Out.WriteLine('end'); [Console]::Out.Flush()";

const POWERSHELL = ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command'] as const;

/** A bound on one table: a cold CIM query can take a second or two. */
const TABLE_TIMEOUT_MS = 15_000;

/** One long-lived PowerShell that prints the table each time it reads a line. */
class TableHelper {
  readonly #child: ChildProcess;
  readonly #waiting: Array<(lines: string[] | undefined) => void> = [];
  #lines: string[] = [];

  constructor() {
    const loop = `$ErrorActionPreference='SilentlyContinue'; while ($null -ne [Console]::In.ReadLine()) { ${TABLE} }`;
    const [command, ...args] = POWERSHELL;
    this.#child = spawn(command, [...args, loop], { stdio: ['pipe', 'pipe', 'ignore'], windowsHide: true });
    this.#child.on('error', () => this.#fail());
    this.#child.on('exit', () => this.#fail());
    createInterface({ input: this.#child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.trim() !== 'end') return void this.#lines.push(line);
      const lines = this.#lines;
      this.#lines = [];
      this.#waiting.shift()?.(lines);
    });
    this.#unref();
    process.once('exit', () => this.#child.kill());
  }

  #unref(): void {
    this.#child.unref();
    for (const stream of [this.#child.stdin, this.#child.stdout])
      (stream as unknown as { unref?: () => void })?.unref?.();
  }

  #fail(): void {
    for (const resolve of this.#waiting.splice(0)) resolve(undefined);
  }

  table(): Promise<ProcessTable | undefined> {
    const stdin = this.#child.stdin;
    if (this.#child.exitCode !== null || stdin === null || !stdin.writable) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const at = this.#waiting.indexOf(deliver);
        if (at >= 0) this.#waiting.splice(at, 1);
        resolve(undefined);
      }, TABLE_TIMEOUT_MS);
      timer.unref();
      const deliver = (lines: string[] | undefined) => {
        clearTimeout(timer);
        resolve(lines === undefined ? undefined : parseWindowsTable(lines.join('\n')));
      };
      this.#waiting.push(deliver);
      stdin.write('\n');
    });
  }
}

let helper: TableHelper | undefined;

/** The process table now (through the long-lived helper), or undefined when PowerShell cannot be run. */
export function windowsTable(): Promise<ProcessTable | undefined> {
  helper ??= new TableHelper();
  return helper.table();
}

/** The same, blocking, from a PowerShell of its own (about a second: for stopping, not for sampling). */
export function windowsTableSync(): ProcessTable | undefined {
  try {
    const [command, ...args] = POWERSHELL;
    return parseWindowsTable(
      execFileSync(command, [...args, TABLE], {
        encoding: 'utf8',
        timeout: TABLE_TIMEOUT_MS,
        windowsHide: true,
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
  } catch {
    return undefined;
  }
}
