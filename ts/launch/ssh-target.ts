/**
 * An ssh destination as `--server-host` takes it: `host`, `user@host` or `ssh://[user@]host[:port]`
 * (OpenSSH ≥ 7.7 reads the URI form itself), plus extra ssh options. The user's ~/.ssh/config
 * applies as usual (Host aliases, IdentityFile, Port), so most setups need no options at all.
 */

import { type CodeOf, ERROR_CODES, type WithCode, withCode } from '../errors.js';

/** Where a remote server runs. */
export interface SshTarget {
  /** `host`, `user@host` or `ssh://[user@]host[:port]`. */
  destination: string;
  /** Extra ssh arguments, e.g. `['-p', '2222', '-i', '~/.ssh/bench']`. */
  options?: readonly string[];
}

/** Stable error codes of the remote-host functions (their part of the one table). */
export const RemoteErrorCodes = ERROR_CODES.remote;

/** An Error from the remote-host functions, with a stable `code`. */
export type RemoteError = WithCode<CodeOf<'remote'>>;

/** A remote-host error with `code`. */
export function remoteError(code: RemoteError['code'], message: string): RemoteError {
  return withCode(new Error(message), code);
}

const URI = /^ssh:\/\/(?:[^@/\s]+@)?[^@/:\s]+(?::(\d+))?\/?$/;
const PLAIN = /^(?:[^@\s]+@)?[^@\s]+$/;

/** Checks a target: a destination ssh will not mistake for an option, a port in range. Returns it. */
export function checkSshTarget(target: SshTarget, flag = '--server-host'): SshTarget {
  const { destination } = target;
  const bad = (why: string) =>
    remoteError(
      RemoteErrorCodes.DESTINATION,
      `${flag} must be host, user@host or ssh://user@host:port (${why}), got '${destination}'`,
    );
  if (destination.startsWith('-')) throw bad('it cannot start with -');
  if (destination.startsWith('ssh://')) {
    const match = URI.exec(destination);
    if (match === null) throw bad('not a valid ssh:// address');
    const port = match[1] === undefined ? undefined : Number(match[1]);
    if (port !== undefined && (port < 1 || port > 65_535)) throw bad('the port must be 1 to 65535');
  } else if (!PLAIN.test(destination)) {
    throw bad('no spaces, at most one @');
  }
  return target;
}

/** `text` quoted for a POSIX shell (and csh and fish): 'it'\''s'. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
