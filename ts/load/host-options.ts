/**
 * `fiblab load`'s flags for a run over several load hosts (compare takes the same ones), and
 * their reading into host specs; `--as-load-host` is the one a host's part is started with.
 */
import { UsageError } from '../cli/command.js';
import { LOCAL_LOAD_HOST, type LoadHostSpec } from '../launch/load-host.js';
import { checkSshTarget } from '../launch/ssh-target.js';

/** The flags, as a part of a command's flag table. */
export const LOAD_HOST_FLAGS = {
  'load-host': {
    type: 'string',
    multiple: true,
    value: 'USER@HOST',
    help:
      "run the clients on this host over OpenSSH (repeat it; 'local' is this machine),\n" +
      'split evenly, all starting at one measured instant, merged exactly; fiblab\n' +
      'at the same commit there; the server address must be one every host reaches',
  },
  'load-ssh-options': {
    type: 'string',
    value: 'OPTS',
    help: "extra ssh arguments for every --load-host, e.g. '-i ~/.ssh/bench' (~/.ssh/config applies too)",
  },
  'load-dir': {
    type: 'string',
    value: 'DIR',
    help: 'the fiblab checkout on every --load-host',
    shownDefault: "this checkout's path",
  },
} as const;

/** The flag a load host's part is started with (`fiblab load` only). */
export const AS_LOAD_HOST_FLAG = {
  'as-load-host': {
    type: 'string',
    value: 'JSON',
    help: "internal: one load host's part, as --load-host starts it (its start comes on stdin)",
  },
} as const;

/** The parsed values of these flags. */
export interface LoadHostValues {
  'load-host'?: string[];
  'load-ssh-options'?: string;
  'load-dir'?: string;
}

/** The hosts given, or undefined for a run on this machine alone; a malformed one is a UsageError. */
export function loadHostSpecs(values: LoadHostValues, defaultDir: string): LoadHostSpec[] | undefined {
  const destinations = values['load-host'];
  if (destinations === undefined || destinations.length === 0) {
    for (const flag of ['load-ssh-options', 'load-dir'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} applies to --load-host: give one`);
    }
    return undefined;
  }
  const sshOptions = (values['load-ssh-options'] ?? '').split(/\s+/).filter(Boolean);
  return destinations.map((destination) => {
    if (destination !== LOCAL_LOAD_HOST) {
      try {
        checkSshTarget({ destination }, '--load-host');
      } catch (error) {
        throw new UsageError(`${(error as Error).message} (or 'local' for this machine)`);
      }
    }
    return { destination, sshOptions, dir: values['load-dir'] ?? defaultDir };
  });
}
