/**
 * A load host (`--load-host`): this machine (`local`) or one reached over OpenSSH, on which a
 * fiblab command of the same commit runs as a separate process that talks over its stdin and
 * stdout. A remote host is one ControlMaster connection (remote.ts), checked before use; every
 * process started is stopped by PID with a bounded wait, and `close()` leaves nothing running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { RemoteHost } from './remote.js';
import { checkRemoteCheckout } from './remote-checkout.js';
import { shellQuote } from './ssh-target.js';

/** `--load-host`'s word for this machine: no ssh, a child process. */
export const LOCAL_LOAD_HOST = 'local';

/** Where one load host is and how to reach it. */
export interface LoadHostSpec {
  /** `local`, or an ssh destination (`host`, `user@host`, `ssh://user@host:port`). */
  destination: string;
  /** Extra ssh arguments (remote hosts only). */
  sshOptions?: readonly string[];
  /** The fiblab checkout there (remote hosts only). */
  dir: string;
}

/** A fiblab process running on a load host, read line by line and written to line by line. */
export interface HostProcess {
  /** Its PID on its host. */
  readonly pid: number;
  /** The next stdout line, undefined once it has ended; rejects after `timeoutMs`. */
  nextLine(timeoutMs: number): Promise<string | undefined>;
  /** Writes `line` and a newline to its stdin (ignored once it is gone). */
  send(line: string): void;
  /** Resolves with its exit status (or signal name) once it has ended. */
  readonly exited: Promise<number | string>;
  /** The last lines of its stderr, one line. */
  stderrTail(): string;
  /** Stops it (SIGTERM, up to `graceMs`, then SIGKILL); resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** A load host ready to start processes; `close()` stops them and ends the connection. */
export interface LoadHostConnection {
  readonly name: string;
  /** Starts `fiblab <args>` there. */
  start(args: readonly string[]): Promise<HostProcess>;
  close(): Promise<void>;
}

/** How long a stopped process gets before SIGKILL, ms. */
const STOP_GRACE_MS = 2000;
/** How long a local process may take to print nothing yet start, ms (a remote one: remote.ts). */
const LOCAL_START_MS = 15_000;

const tail = (text: string) => text.trim().split('\n').slice(-3).join(' / ');

/** Lines of a stream, handed out one by one with a time limit each. */
function lineQueue(
  stream: NodeJS.ReadableStream,
  what: string,
): (timeoutMs: number) => Promise<string | undefined> {
  const lines: string[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const reader = createInterface({ input: stream });
  reader.on('line', (line) => {
    lines.push(line);
    wake?.();
  });
  reader.on('close', () => {
    ended = true;
    wake?.();
  });
  return async (timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    while (lines.length === 0 && !ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no line from ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
    return lines.shift();
  };
}

function exitOf(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode ?? (child.signalCode as string));
  return new Promise((resolve) => child.once('close', (code, signal) => resolve(code ?? signal ?? -1)));
}

/** `fiblab <args>` as a child process of this one. */
function startLocal(cli: string, args: readonly string[]): Promise<HostProcess> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-2000);
  });
  child.stdin?.on('error', () => {}); // a process that is gone shows in `exited`
  const exited = exitOf(child);
  const process_: HostProcess = {
    pid: child.pid ?? -1,
    nextLine: lineQueue(child.stdout as NodeJS.ReadableStream, `fiblab ${args[0]} on ${LOCAL_LOAD_HOST}`),
    send: (line) => {
      if (child.stdin?.writable) child.stdin.write(`${line}\n`);
    },
    exited,
    stderrTail: () => tail(stderr),
    async stop(graceMs = STOP_GRACE_MS) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${LOCAL_LOAD_HOST}: fiblab did not start`)),
      LOCAL_START_MS,
    );
    child.once('spawn', () => {
      clearTimeout(timer);
      resolve(process_);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * Connects to one load host. A remote one is checked (the same commit, built) before it is
 * returned; rejects with the host named and the reason (ssh's, or what differs).
 */
export async function connectLoadHost(spec: LoadHostSpec, localDir: string): Promise<LoadHostConnection> {
  if (spec.destination === LOCAL_LOAD_HOST) {
    const started = new Set<HostProcess>();
    return {
      name: LOCAL_LOAD_HOST,
      async start(args) {
        const proc = await startLocal(join(localDir, 'dist/cli.js'), args);
        started.add(proc);
        void proc.exited.then(() => started.delete(proc));
        return proc;
      },
      close: async () => {
        await Promise.all([...started].map((p) => p.stop()));
      },
    };
  }
  const host = await RemoteHost.connect({ destination: spec.destination, options: spec.sshOptions ?? [] });
  try {
    await checkRemoteCheckout(host, spec.dir, localDir);
  } catch (error) {
    await host.close();
    throw error;
  }
  const cli = join(spec.dir, 'dist/cli.js');
  return {
    name: spec.destination,
    async start(args) {
      const remote = await host.start(
        `node ${shellQuote(cli)} ${args.map(shellQuote).join(' ')}`,
        undefined,
        {
          stdin: true,
        },
      );
      return {
        pid: remote.pid,
        nextLine: remote.nextLine,
        send: (line) => {
          remote.stdin?.write(`${line}\n`);
        },
        exited: remote.exited,
        stderrTail: () => tail(remote.stderrTail()),
        stop: async (graceMs = STOP_GRACE_MS) => {
          await host.stop(remote.pid, graceMs);
        },
      };
    },
    close: () => host.close(),
  };
}
