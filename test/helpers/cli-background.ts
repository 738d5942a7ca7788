/** A fiblab CLI run left in the background (to be killed by a test), and a live process's arguments. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CLI } from './server-process.js';

/** A live process's arguments ([] once it is gone). Linux: /proc. */
export function argvOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** `node dist/cli.js <args>` in the background: its stderr so far, and its exit. */
export function startCliInBackground(args: readonly string[]): {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<unknown>;
} {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  return { child, stderr: () => stderr, exited: new Promise((resolve) => child.once('exit', resolve)) };
}
