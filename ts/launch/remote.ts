/**
 * A server host reached over OpenSSH (`--server-host`): one ControlMaster connection, opened
 * once, carries every command — starting the server, reading its CPU and memory, stopping it —
 * so a sample costs a new channel on a live connection, not a new ssh handshake. Every ssh
 * process is started and stopped by this module, by PID, with bounded waits.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { UsageMonitor } from './remote-monitor.js';
import { type StopOutcome, stopScript, type TreeUsage, watchedScript } from './remote-scripts-linux.js';
import { checkSshTarget, RemoteErrorCodes, remoteError, type SshTarget, shellQuote } from './ssh-target.js';

/** What a finished remote command left. */
export interface RemoteResult {
  /** Exit status, or the signal's name if ssh itself was killed. */
  code: number | string;
  stdout: string;
  stderr: string;
}

/** A process started on the remote host, its stdout read line by line. */
export interface RemoteProcess {
  /** Its PID on the remote host. */
  pid: number;
  /** The next stdout line, or undefined once it has exited; rejects after `timeoutMs` (ERR_REMOTE_TIMEOUT). */
  nextLine(timeoutMs: number): Promise<string | undefined>;
  /** Resolves with the exit status when the remote process (and so its ssh channel) has ended. */
  exited: Promise<number | string>;
  /** The last 2000 characters of its stderr. */
  stderrTail(): string;
  /** Its stdin, when started with `{ stdin: true }` (its end is EOF there; a lost connection is too). */
  stdin?: NodeJS.WritableStream;
}

/** Time limits, ms. */
export const REMOTE_LIMITS = {
  /** To connect and authenticate. */
  connectMs: 20_000,
  /** For one short command (a sample, a check). */
  commandMs: 15_000,
  /** To close the connection before the master is killed. */
  closeMs: 5_000,
  /** For a command whose channel ended (this process gone) to leave on SIGTERM before SIGKILL. */
  orphanGraceMs: 2_000,
} as const;

function exitOf(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode ?? (child.signalCode as string));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
}

/** A live connection to a server host; `close()` it when done. */
export class RemoteHost {
  readonly target: SshTarget;
  readonly #master: ChildProcess;
  readonly #dir: string;
  readonly #started = new Map<number, RemoteProcess>();
  readonly #monitor = new UsageMonitor((command) => this.#through(command));

  private constructor(target: SshTarget, master: ChildProcess, dir: string) {
    this.target = target;
    this.#master = master;
    this.#dir = dir;
  }

  /** The ssh arguments of one command through the master connection. */
  #through(command: string): string[] {
    return [
      '-S',
      join(this.#dir, 'cm'),
      '-o',
      'ControlMaster=no',
      '-o',
      'BatchMode=yes',
      ...(this.target.options ?? []),
      this.target.destination,
      command,
    ];
  }

  /**
   * Opens the master connection and resolves once it is authenticated. Never prompts
   * (BatchMode): keys or an agent must be set up. Rejects with ERR_REMOTE_CONNECT and ssh's reason.
   */
  static async connect(target: SshTarget, timeoutMs: number = REMOTE_LIMITS.connectMs): Promise<RemoteHost> {
    checkSshTarget(target);
    // A short private directory: the control socket's path must fit a Unix socket (~104 bytes).
    const dir = mkdtempSync(join(tmpdir(), 'fiblab-ssh-'));
    const socket = join(dir, 'cm');
    // The master's own session reads its stdin, a pipe only this process holds, to the end. When
    // this process ends by any means (SIGKILL too) the kernel closes the pipe, that session ends,
    // and the master leaves as soon as the sessions it carries have ended (each ends with its own
    // stdin: see start()). ControlPersist=no: a config that asks for it would fork the master away.
    const master = spawn(
      'ssh',
      [
        '-M',
        '-T',
        '-S',
        socket,
        '-o',
        'ControlPersist=no',
        '-o',
        'BatchMode=yes',
        '-o',
        'ServerAliveInterval=10',
        '-o',
        `ConnectTimeout=${Math.ceil(timeoutMs / 1000)}`,
        ...(target.options ?? []),
        target.destination,
        'cat >/dev/null',
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    master.stdin?.on('error', () => {}); // a master that is gone shows in `exited`
    let stderr = '';
    master.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-2000);
    });
    const exited = exitOf(master);
    let gone = false;
    void exited.then(() => {
      gone = true;
    });
    // The master creates its socket once authenticated: its appearance is the readiness signal.
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(socket) && !gone && Date.now() < deadline) await delay(20);
    if (!existsSync(socket) || gone) {
      master.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
      const why = stderr.trim() || (gone ? 'ssh exited' : `no connection within ${timeoutMs} ms`);
      throw remoteError(RemoteErrorCodes.CONNECT, `cannot connect to ${target.destination}: ${why}`);
    }
    return new RemoteHost(target, master, dir);
  }

  /** Runs `command` (a shell command line) remotely; rejects with ERR_REMOTE_TIMEOUT after `timeoutMs`. */
  run(command: string, timeoutMs: number = REMOTE_LIMITS.commandMs): Promise<RemoteResult> {
    return new Promise((resolve, reject) => {
      execFile(
        'ssh',
        this.#through(command),
        { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error?.killed) {
            reject(
              remoteError(
                RemoteErrorCodes.TIMEOUT,
                `${this.target.destination}: '${command.split('\n')[0]}' did not finish within ${timeoutMs} ms`,
              ),
            );
            return;
          }
          const code =
            error === null ? 0 : typeof error.code === 'number' ? error.code : (error.signal ?? -1);
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /**
   * Starts `command` (a shell command line) remotely and resolves once its PID is known; its
   * stdout lines are then read with `nextLine`. Stop it with {@link RemoteHost.stop}. Its ssh
   * channel's stdin is a pipe only this process holds, so the command cannot outlive this process
   * however it ends: with `{ stdin: true }` the command reads that pipe and must end at its end (a
   * load host's part does); otherwise it gets /dev/null and a remote watcher stops it at the
   * pipe's end (watchedScript).
   */
  async start(
    command: string,
    timeoutMs: number = REMOTE_LIMITS.commandMs,
    options: { stdin?: boolean } = {},
  ): Promise<RemoteProcess> {
    // Either way the PID printed first is the command's (the shell that prints it execs it).
    const script =
      options.stdin === true
        ? `echo $$; exec ${command}`
        : watchedScript(command, REMOTE_LIMITS.orphanGraceMs);
    const child = spawn('ssh', this.#through(`exec sh -c ${shellQuote(script)}`), {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin?.on('error', () => {}); // a gone process shows in `exited`
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-2000);
    });
    const exited = exitOf(child);
    const lines: string[] = [];
    const waiters: Array<(line: string | undefined) => void> = [];
    let ended = false;
    const reader = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    reader.on('line', (line) => {
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    });
    reader.on('close', () => {
      ended = true;
      for (const waiter of waiters.splice(0)) waiter(undefined);
    });
    const nextLine = (ms: number) =>
      new Promise<string | undefined>((resolve, reject) => {
        const line = lines.shift();
        if (line !== undefined || ended) return resolve(line);
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(deliver), 1);
          reject(
            remoteError(
              RemoteErrorCodes.TIMEOUT,
              `no line from '${command}' on ${this.target.destination} within ${ms} ms`,
            ),
          );
        }, ms);
        const deliver = (value: string | undefined) => {
          clearTimeout(timer);
          resolve(value);
        };
        waiters.push(deliver);
      });
    const first = await nextLine(timeoutMs).catch((error: Error) => {
      child.kill('SIGKILL');
      throw error;
    });
    const pid = Number(first);
    if (first === undefined || !Number.isInteger(pid) || pid <= 0) {
      child.kill('SIGKILL');
      await exited;
      throw remoteError(
        RemoteErrorCodes.START,
        `'${command}' on ${this.target.destination} did not start: ${stderr.trim() || `it printed '${first}'`}`,
      );
    }
    const started: RemoteProcess = { pid, nextLine, exited, stderrTail: () => stderr };
    if (options.stdin === true && child.stdin !== null) started.stdin = child.stdin;
    this.#started.set(pid, started);
    void exited.then(() => this.#started.delete(pid));
    return started;
  }

  /**
   * CPU time and peak memory of the remote process tree rooted at `pid`; undefined if it is gone
   * or the host has no /proc. Read by a long-lived remote helper: no new session per sample.
   */
  usage(pid: number, timeoutMs: number = REMOTE_LIMITS.commandMs): Promise<TreeUsage | undefined> {
    return this.#monitor.usage(pid, timeoutMs);
  }

  /**
   * Stops the remote process `pid`: SIGTERM, up to `graceMs` for it to leave, then SIGKILL to its
   * whole tree. Resolves once the remote side has answered (and, for a process started here,
   * once its channel has closed).
   */
  async stop(pid: number, graceMs = 10_000): Promise<StopOutcome> {
    const result = await this.run(stopScript(pid, graceMs), graceMs + REMOTE_LIMITS.commandMs);
    const outcome = result.stdout.trim();
    if (outcome !== 'exited' && outcome !== 'killed' && outcome !== 'gone') {
      throw remoteError(
        RemoteErrorCodes.START,
        `stopping ${pid} on ${this.target.destination} failed: ${result.stderr.trim() || outcome}`,
      );
    }
    const started = this.#started.get(pid);
    if (started !== undefined) await started.exited;
    return outcome;
  }

  /** Stops what this connection started and still runs, closes the master connection (bounded), removes the socket directory. */
  async close(): Promise<void> {
    for (const pid of [...this.#started.keys()]) await this.stop(pid).catch(() => undefined);
    await this.#monitor.close(REMOTE_LIMITS.closeMs);
    const exited = exitOf(this.#master);
    await this.run('true', REMOTE_LIMITS.closeMs).catch(() => undefined);
    // Nothing else runs on it now: the end of its stdin ends its session there, and then the master.
    this.#master.stdin?.end();
    const term = setTimeout(() => this.#master.kill('SIGTERM'), REMOTE_LIMITS.closeMs);
    const kill = setTimeout(() => this.#master.kill('SIGKILL'), 2 * REMOTE_LIMITS.closeMs);
    await exited;
    clearTimeout(term);
    clearTimeout(kill);
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** Whether the project on the remote host is checked out at the same commit as here. */
export interface CommitCheck {
  local: string;
  /** Undefined when the remote directory is not a git checkout (see `problem`). */
  remote: string | undefined;
  same: boolean;
  /** What went wrong reading the remote commit. */
  problem?: string;
}

function localCommit(dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-C', dir, 'rev-parse', 'HEAD'], { timeout: 10_000 }, (error, stdout) =>
      error === null ? resolve(stdout.trim()) : reject(error),
    );
  });
}

/** Compares `git rev-parse HEAD` in `remoteDir` on the host with `localDir` here. */
export async function checkSameCommit(
  host: RemoteHost,
  remoteDir: string,
  localDir = process.cwd(),
): Promise<CommitCheck> {
  const local = await localCommit(localDir);
  const result = await host.run(`git -C ${shellQuote(remoteDir)} rev-parse HEAD`);
  const remote = result.code === 0 ? result.stdout.trim() : undefined;
  if (remote === undefined) {
    return { local, remote, same: false, problem: result.stderr.trim() || `git exited with ${result.code}` };
  }
  return { local, remote, same: remote === local };
}
