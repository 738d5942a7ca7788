/**
 * Runs a command to completion with its output collected, bounded in time: a child that outlives
 * the bound is SIGKILLed by PID (and `signal` says so). For benches and tests that start the CLI
 * or another tool and read what it printed.
 */
import { spawn } from 'node:child_process';

/** What the command did. */
export interface BoundedResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `command args`, stdin closed; rejects only if it cannot be started. */
export function runBounded(
  command: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<BoundedResult> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
