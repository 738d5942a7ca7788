/**
 * Starting a user's own server (--server) under the platform's shell, waited for until it
 * accepts, and stopped with everything it started (platform/shell-command.ts: a process group
 * on POSIX, the process tree elsewhere).
 */
import net from 'node:net';
import { createInterface } from 'node:readline';
import { endingTreeWithParent } from '../../launch/parent-death.js';
import { startShellCommand } from '../../platform/shell-command.js';
import { parseReadiness } from '../../server/readiness.js';
import type { UserVariant } from '../user-servers.js';

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
  const shell = startShellCommand(command);
  const { child } = shell;
  const pid = child.pid;
  if (pid === undefined) {
    const why = await new Promise<string>((resolve) => child.once('error', (e) => resolve(e.message)));
    throw new Error(`--server ${server.name}: could not start a shell for '${command}': ${why}`);
  }
  // A compare killed even by SIGKILL takes the command's whole tree with it.
  endingTreeWithParent(child);
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
  // SIGTERM to the shell and whatever it started, then SIGKILL after the grace (leftovers too).
  const stop = async (graceMs = 10_000) => {
    await shell.stop(exited, graceMs);
    return exited;
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
