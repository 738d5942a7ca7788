/**
 * What the hostile-client tests need beyond test/helpers: a server in its own process group (so
 * a test can send a terminal's Ctrl-C to the whole group), and readings of a process from /proc
 * (open file descriptors, resident memory, CPU time, whether a signal is still pending).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { parseFlags } from '../../ts/cli/command.js';
import { SERVE_COMMAND } from '../../ts/commands/serve.js';
import { descendants } from '../../ts/launch/process-tree.js';
import { serveCommand } from '../../ts/launch/serve-command.js';
import { findRuntime, type Runtime } from '../../ts/runtimes/registry.js';
import { serverOptionsFromFlags } from '../../ts/server/options.js';
import { parseReadiness } from '../../ts/server/readiness.js';
import { findVariant } from '../../ts/variants/registry.js';
import { cpuNow } from '../helpers/cpu-evidence.js';

export { cpuNow, descendants };

/** How a server process ended. */
export interface Exit {
  code: number | null;
  signal: string | null;
  /** performance.now() when it exited. */
  at: number;
}

/** A server under test, leader of its own process group. */
export interface GroupServer {
  pid: number;
  port: number;
  ports: number[];
  /** The readiness line's other facts (workers, maxConnections, fdLimit, ...). */
  extra: Record<string, string>;
  exited: Promise<Exit>;
  /** True once exited. */
  readonly done: boolean;
  /** Everything the server (and its children) wrote to stderr so far (also echoed). */
  readonly stderr: string;
  /** SIGTERM to the server, then SIGKILL to the whole group after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<Exit>;
}

/**
 * Starts `variant` with `args` (fiblab serve flags) on a free port, as the leader of a new process
 * group (spawn's `detached`), the way a shell starts a foreground job: then `process.kill(-pid)`
 * reaches the server and every process it started, as a terminal's Ctrl-C does.
 */
export async function startGroupServer(
  variant: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  runtime: Runtime = findRuntime('node') as Runtime,
  /** A command that runs the server's command line in place (exec), e.g. `prlimit --nofile=256:256 --`. */
  prefix: string[] = [],
): Promise<GroupServer> {
  const found = findVariant(variant);
  if (found === undefined) throw new Error(`unknown variant ${variant}`);
  const { values } = parseFlags(SERVE_COMMAND, args);
  const options = { ...serverOptionsFromFlags(values as Record<string, string | undefined>), port: 0 };
  const launch = await serveCommand(found, runtime, options);
  const [command, ...argv] = [...prefix, launch.command, ...launch.args] as [string, ...string[]];
  const child = spawn(command, argv, {
    env: { ...process.env, ...env, ...launch.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid as number;
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    process.stderr.write(text);
  });
  let done = false;
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal, at: performance.now() });
    }),
  );
  const ready = await new Promise<{ port: number; ports: number[]; extra: Record<string, string> }>(
    (resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${variant}: no readiness line in 40 s`)), 40_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        const readiness = parseReadiness(line);
        if (readiness === undefined) return;
        clearTimeout(timer);
        resolve({ port: readiness.port, ports: readiness.ports, extra: readiness.extra });
      });
      void exited.then((exit) => {
        clearTimeout(timer);
        reject(new Error(`${variant} exited (${exit.code ?? exit.signal}) before it was ready`));
      });
    },
  );
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone
    }
  };
  return {
    pid,
    ...ready,
    exited,
    get done() {
      return done;
    },
    get stderr() {
      return stderr;
    },
    async stop(graceMs = 10_000) {
      if (!done) child.kill('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      // Whatever the server left behind in its group (a child that outlived it) goes too.
      killGroup('SIGKILL');
      return exit;
    },
  };
}

/** Open file descriptors of `pid`. */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Resident memory of `pid`, MiB. */
export function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

/** Resident memory of `pid` and all its descendants, MiB. */
export function treeRssMiB(pid: number): number {
  let sum = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      sum += rssMiB(p);
    } catch {
      // gone
    }
  }
  return sum;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

/** Whether `signal` is still pending for `pid` (sent, its handler not run yet). */
export function signalPending(pid: number, signal: 'SIGINT' | 'SIGTERM'): boolean {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const bit = 1n << BigInt((SIGNAL_NUMBERS[signal] as number) - 1);
  for (const field of ['SigPnd', 'ShdPnd']) {
    const match = new RegExp(`^${field}:\\s+([0-9a-f]+)`, 'm').exec(status);
    if (match && (BigInt(`0x${match[1]}`) & bit) !== 0n) return true;
  }
  return false;
}

/**
 * Connects to 127.0.0.1:port; resolves with the connected socket (errors ignored from then on).
 * `keepOpen`: when the server ends its side, this one stays open (a client that never closes).
 */
export function connect(port: number, keepOpen = false): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: keepOpen }, () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Everything a socket receives until it closes, and whether it closed. */
export function collect(socket: net.Socket): {
  text: () => string;
  closed: Promise<void>;
  isClosed: () => boolean;
} {
  let text = '';
  let closed = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  return {
    text: () => text,
    isClosed: () => closed,
    closed: new Promise((resolve) =>
      socket.once('close', () => {
        closed = true;
        resolve();
      }),
    ),
  };
}

/** Resolves with `promise`'s value, or with `fallback` after `ms` (a bound, not a synchronisation). */
export function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** The first `count` reply lines of `text` (complete lines only). */
export function lines(text: string): string[] {
  const parts = text.split('\n');
  parts.pop();
  return parts;
}
