import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseReadiness, type Readiness } from '../server/readiness.js';

/** A server process started by fiblab, ready (its readiness line was read). */
export interface ChildServer {
  child: ChildProcess;
  readiness: Readiness;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
}

/**
 * Starts `command args` and resolves once it prints its readiness line; rejects if it exits
 * first or stays silent past `timeoutMs`. The child's other stdout lines go to `onLine`.
 */
export function startChildServer(
  command: string,
  args: readonly string[],
  options: {
    env?: NodeJS.ProcessEnv;
    timeoutMs: number;
    onLine?: (line: string) => void;
    stderr?: 'inherit' | 'pipe';
    /** Called as soon as the child is spawned, before its readiness (parent-death's registration). */
    onSpawn?: (child: ChildProcess) => void;
  },
): Promise<ChildServer> {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', options.stderr ?? 'inherit'],
  });
  options.onSpawn?.(child);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  // With stderr piped, its tail explains a server that failed to start (and is echoed).
  let stderrTail = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-2000);
    process.stderr.write(text);
  });
  const why = () =>
    stderrTail.trim() === '' ? '' : `: ${stderrTail.trim().split('\n').slice(-3).join(' / ')}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: no readiness line within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    let ready = false;
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const readiness = ready ? undefined : parseReadiness(line);
      if (readiness === undefined) return options.onLine?.(line);
      ready = true;
      clearTimeout(timer);
      resolve({ child, readiness, exited });
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      if (!ready)
        reject(new Error(`${command} ${args.join(' ')} exited (${code}) before it was ready${why()}`));
    });
  });
}

/** Stops a child server: SIGTERM, then SIGKILL after `graceMs`. Resolves with its exit code. */
export async function stopChildServer(server: ChildServer, graceMs: number): Promise<number | string> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exited;
  server.child.kill('SIGTERM');
  const kill = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  const code = await server.exited;
  clearTimeout(kill);
  return code;
}

/**
 * Runs `command args` in the foreground (inherited stdio, so a server child prints its own
 * readiness line), passes SIGINT/SIGTERM on to it, and resolves with its exit status.
 * `managed`: the child is a managed fiblab server (server/signals.ts), which ignores SIGINT
 * (the group's Ctrl-C reaches it too): the first signal is passed on as SIGTERM, a second one
 * as SIGKILL.
 */
export function runForwardingSignals(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  options: { managed?: boolean } = {},
): Promise<number> {
  const child = spawn(command, args, { env, stdio: 'inherit' });
  let signals = 0;
  const forward = (signal: NodeJS.Signals) => {
    signals++;
    if (options.managed) child.kill(signals === 1 ? 'SIGTERM' : 'SIGKILL');
    else child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === null ? 1 : signal === 'SIGKILL' && signals > 1 ? 130 : 128));
    });
  });
}
