/**
 * The remote side's CPU and memory readings, through one long-lived remote shell (see
 * monitorScript): a request is a PID written on its stdin, an answer the lines up to `end`.
 * Requests are served one at a time; a request that times out closes the helper, and the next
 * one starts a new helper.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { monitorScript, parseUsage, type TreeUsage } from './remote-scripts-linux.js';
import { RemoteErrorCodes, remoteError, shellQuote } from './ssh-target.js';

/** Reads process-tree usage on a remote host; `sshArgs(command)` gives the ssh arguments that run `command` there. */
export class UsageMonitor {
  readonly #sshArgs: (command: string) => string[];
  #child: ChildProcess | undefined;
  #lines: string[] = [];
  #wake: (() => void) | undefined;
  #ticksPerSecond = 100;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(sshArgs: (command: string) => string[]) {
    this.#sshArgs = sshArgs;
  }

  #open(): ChildProcess {
    const child = spawn('ssh', this.#sshArgs(`exec sh -c ${shellQuote(monitorScript())}`), {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.#lines = [];
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      this.#lines.push(line);
      this.#wake?.();
    });
    child.once('exit', () => {
      if (this.#child === child) this.#child = undefined;
      this.#wake?.();
    });
    child.stdin?.on('error', () => {}); // a helper that died is noticed by its exit
    this.#child = child;
    return child;
  }

  /** The next line from the helper, or undefined if it exited; waits at most until `deadline`. */
  async #nextLine(child: ChildProcess, deadline: number): Promise<string | undefined> {
    for (;;) {
      const line = this.#lines.shift();
      if (line !== undefined) return line;
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      const left = deadline - Date.now();
      if (left <= 0)
        throw remoteError(RemoteErrorCodes.TIMEOUT, 'the remote usage helper did not answer in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  async #ask(pid: number, timeoutMs: number): Promise<TreeUsage | undefined> {
    const deadline = Date.now() + timeoutMs;
    let child = this.#child;
    try {
      if (child === undefined) {
        child = this.#open();
        const first = await this.#nextLine(child, deadline);
        const ticks = Number(/^tck (\d+)$/.exec(first ?? '')?.[1]);
        if (ticks > 0) this.#ticksPerSecond = ticks;
      }
      child.stdin?.write(`${pid}\n`);
      const answer: string[] = [];
      for (
        let line = await this.#nextLine(child, deadline);
        line !== 'end';
        line = await this.#nextLine(child, deadline)
      ) {
        if (line === undefined) throw remoteError(RemoteErrorCodes.TIMEOUT, 'the remote usage helper ended');
        answer.push(line);
      }
      return parseUsage(answer.join('\n'), this.#ticksPerSecond);
    } catch (error) {
      child?.kill('SIGKILL');
      throw error;
    }
  }

  /** CPU time and peak memory of the tree rooted at `pid`; undefined when it is gone. Rejects with ERR_REMOTE_TIMEOUT. */
  usage(pid: number, timeoutMs: number): Promise<TreeUsage | undefined> {
    const answer = this.#queue.then(() => this.#ask(pid, timeoutMs));
    this.#queue = answer.catch(() => undefined);
    return answer;
  }

  /** Ends the helper (EOF on its stdin ends its loop), SIGKILL after `graceMs`. */
  async close(graceMs: number): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
