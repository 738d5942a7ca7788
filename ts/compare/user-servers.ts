/**
 * `fiblab compare --server 'NAME[:read][@PORT]=COMMAND'`: a server the user brings, in any
 * language, as a row of every table: parsed and registered here; measure/user-server-start.ts
 * starts it under the platform's shell (`{port}` in COMMAND becomes a free port picked here,
 * else @PORT says where it listens, else it must print fiblab's readiness line), ready once its
 * port accepts a connection (or it prints that line), measured like ours (CPU and peak memory of
 * its process tree), stopped with all it started (SIGTERM, bounded wait, SIGKILL). `:read`
 * drives it with bare digits (the talk's framing), else the line protocol.
 */
import { UsageError } from '../cli/command.js';
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
