/** Options of {@link minimalCompareArgs}. */
export interface MinimalCompare {
  /** `--only`: the servers to measure. */
  only: string;
  /** `--slice` (default 0.2s). */
  slice?: string;
  /** `--warmup` (default 0.05s); null: compare's own. */
  warmup?: string | null;
  /** `--runtimes` (default node); null: not given (a remote host runs its system Node only). */
  runtimes?: string | null;
}

/**
 * The smallest `fiblab compare` that still measures something real, after `compare` and its
 * own flags: one scenario (io), one client, two rounds of short slices, the files in `out`,
 * the JSON document on stdout.
 */
export function minimalCompareArgs(out: string, options: MinimalCompare): string[] {
  const { only, slice = '0.2s', warmup = '0.05s', runtimes = 'node' } = options;
  return [
    ...['--only', only],
    ...(runtimes === null ? [] : ['--runtimes', runtimes]),
    ...['--scenarios', 'io', '--clients', '1', '--rounds', '2', '--slice', slice],
    ...(warmup === null ? [] : ['--warmup', warmup]),
    ...['--out', out, '--json'],
  ];
}
