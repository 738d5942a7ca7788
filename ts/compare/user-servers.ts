/**
 * `fiblab compare --server 'NAME[:read][@PORT]=COMMAND'`: a server the user brings, in any
 * language, as a row of every table. Started here with `/bin/sh -c COMMAND` in its own process
 * group (`{port}` in COMMAND becomes a free port picked here, else @PORT says where it listens,
 * else it must print fiblab's readiness line), ready once its port accepts a connection (or it
 * prints that line), measured like
 * ours (CPU and peak memory of its process tree), stopped by its group id (SIGTERM, bounded
 * wait, SIGKILL). `:read` drives it with bare digits (the talk's framing), else the line protocol.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { UsageError } from '../cli/command.js';
import { parseReadiness } from '../server/readiness.js';
import { VARIANTS } from '../variants/registry.js';

/** A server the user brings (`--server`): a row of its own in every table. */
export interface UserVariant {
  kind: 'user';
  name: string;
  isolation: 'unordered';
  seedRow: undefined;
  /** The command, as given. */
  description: string;
  command: string;
  /** `read`: bare digits, one request per read (the talk's servers); `line`: the line protocol. */
  framing: 'line' | 'read';
  /** Where it listens when COMMAND has no `{port}` (neither: its readiness line says). */
  port: number | undefined;
}

const SPEC = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?::(line|read))?(?:@(\d+))?=(.+)$/s;

/** Parses one `--server` value; every mistake is a UsageError saying the syntax. */
export function parseUserServer(text: string): UserVariant {
  const match = SPEC.exec(text.trim());
  if (match === null) {
    throw new UsageError(
      `--server is NAME[:read][@PORT]=COMMAND (e.g. 'mine:read=python3 my.py --port {port}'), got '${text}'`,
    );
  }
  const [, name = '', framing, portText, command = ''] = match;
  if (VARIANTS.some((v) => v.name === name))
    throw new UsageError(`--server ${name}: that name is one of ours`);
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65_535))
    throw new UsageError(`--server ${name}: port ${portText}?`);
  return {
    kind: 'user',
    name,
    isolation: 'unordered',
    seedRow: undefined,
    description: command,
    command,
    framing: framing === 'read' ? 'read' : 'line',
    port,
  };
}

// The user's servers of this run, so that the tables (format.ts tableOrder) give each a row.
const registered: UserVariant[] = [];

/** Makes the run's user servers known to the tables. */
export function registerUserServers(servers: readonly UserVariant[]): void {
  registered.splice(0, registered.length, ...servers);
}

/** The run's user servers, in the order given. */
export function userServers(): readonly UserVariant[] {
  return registered;
}

/** A free TCP port on 127.0.0.1 (closed again at once: the server binds it next). */
async function freePort(): Promise<number> {
  const listener = net.createServer();
  await new Promise<void>((resolve, reject) =>
    listener.once('error', reject).listen(0, '127.0.0.1', resolve),
  );
  const { port } = listener.address() as net.AddressInfo;
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts the user's server and waits (at most `timeoutMs`) until it is ready. */
export async function startUserServer(server: UserVariant, timeoutMs = 30_000) {
  const port = server.port ?? (server.command.includes('{port}') ? await freePort() : undefined);
  const command = port === undefined ? server.command : server.command.replaceAll('{port}', String(port));
  const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`--server ${server.name}: could not start /bin/sh -c ${command}`);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  let stderrTail = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-2000);
  });
  let announced: number[] | undefined;
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    announced ??= parseReadiness(line)?.ports;
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name); // its process group: the shell and whatever it started
    } catch {}
  };
  const stop = async (graceMs = 10_000) => {
    signal('SIGTERM');
    const kill = setTimeout(() => signal('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(kill);
    signal('SIGKILL'); // children the shell left behind
    return code;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone) {
      throw new Error(
        `--server ${server.name} exited (${await exited}) before it was ready: ${stderrTail.trim().split('\n').slice(-3).join(' / ')}`,
      );
    }
    const ports = announced ?? (port !== undefined && (await accepts(port)) ? [port] : undefined);
    if (ports !== undefined) return { host: '127.0.0.1', ports, pid, stop: () => stop() };
    if (Date.now() > deadline) {
      await stop(1000);
      throw new Error(
        port === undefined
          ? `--server ${server.name}: no readiness line within ${timeoutMs / 1000} s (put {port} in the command or give @PORT)`
          : `--server ${server.name}: port ${port} not accepting within ${timeoutMs / 1000} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
