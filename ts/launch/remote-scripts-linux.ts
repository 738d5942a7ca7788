/**
 * The small POSIX-shell programs fiblab runs on a server host over ssh (sh, cat, kill and a
 * `sleep` that takes fractions, as GNU coreutils and busybox do), and the parsing of what they
 * print. The remote host needs no fiblab code for them, but it must be Linux: they read its /proc.
 */

import { shellQuote } from './ssh-target.js';

// Prints a PID and its descendants, one a line, from each thread's children list.
const TREE =
  'tree() { echo "$1"; for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree "$c"; done; }';

/**
 * A long-lived remote helper: reads a PID per line on stdin and answers, for each process of the
 * tree rooted there, `stat <its stat line>` and `hwm <VmHWM in kB>`, then `end`. It uses only
 * shell builtins (read, echo), so a sample starts no process and costs a pipe round trip, not
 * a new ssh session: its timing error stays small beside a slice of a second or two.
 */
export function monitorScript(): string {
  return [
    'walk() {',
    '  read -r s < /proc/"$1"/stat 2>/dev/null || return 0',
    '  echo "stat $s"',
    '  while read -r k v u; do [ "$k" = VmHWM: ] && echo "hwm $v"; done < /proc/"$1"/status 2>/dev/null',
    '  for f in /proc/"$1"/task/*/children; do',
    '    kids=; read -r kids < "$f" 2>/dev/null',
    '    for c in $kids; do walk "$c"; done',
    '  done',
    '}',
    'echo "tck $(getconf CLK_TCK 2>/dev/null || echo 100)"',
    'while read -r pid; do walk "$pid"; echo end; done',
  ].join('\n');
}

/** CPU time and peak memory of a remote process tree. */
export interface TreeUsage {
  /** user + system CPU of the live processes of the tree, ms. */
  cpuMs: number;
  /** Sum of each live process's peak resident memory (VmHWM), MiB. */
  peakRssMiB: number;
}

/**
 * Reads one answer of {@link monitorScript} (its `stat` and `hwm` lines) with the host's
 * USER_HZ; undefined when the root process was not there.
 */
export function parseUsage(output: string, ticksPerSecond = 100): TreeUsage | undefined {
  let cpuTicks = 0;
  let hwmKiB = 0;
  let processes = 0;
  for (const line of output.split('\n')) {
    const [kind, ...rest] = line.split(' ');
    const value = rest.join(' ');
    if (kind === 'stat') {
      // Fields after the ")" that closes the command name: utime and stime are the 12th and 13th.
      const fields = value.slice(value.lastIndexOf(')') + 2).split(' ');
      cpuTicks += Number(fields[11]) + Number(fields[12]);
      processes++;
    }
    if (kind === 'hwm' && value !== '') hwmKiB += Number(value);
  }
  if (processes === 0 || !Number.isFinite(cpuTicks)) return undefined;
  return { cpuMs: (cpuTicks * 1000) / ticksPerSecond, peakRssMiB: hwmKiB / 1024 };
}

/** How {@link stopScript} ended: the process left on SIGTERM, needed SIGKILL, or was not there. */
export type StopOutcome = 'exited' | 'killed' | 'gone';

/** stopScript's body for the PID in `$p` (TREE defined): prints the {@link StopOutcome}. */
function stopLines(graceMs: number): string[] {
  const tries = Math.max(1, Math.ceil(graceMs / 100));
  return [
    `n=${tries}`,
    'kill -0 $p 2>/dev/null || { echo gone; exit 0; }',
    'all=$(tree $p)',
    'kill -TERM $p 2>/dev/null',
    'while [ $n -gt 0 ]; do',
    '  kill -0 $p 2>/dev/null || { for q in $all; do kill -KILL $q 2>/dev/null; done; echo exited; exit 0; }',
    '  sleep 0.1; n=$((n-1))',
    'done',
    'for q in $all; do kill -KILL $q 2>/dev/null; done; echo killed',
  ];
}

/**
 * SIGTERM to `pid`, a wait of up to `graceMs` for it to leave, then SIGKILL to every process of
 * its tree. Processes of the tree that outlive a main process that did leave (orphans of a
 * server that did not stop its children) get SIGKILL too. Prints the {@link StopOutcome}.
 */
export function stopScript(pid: number, graceMs: number): string {
  return [TREE, `p=${pid}`, ...stopLines(graceMs)].join('\n');
}

/**
 * `command` (a shell command line) run so that it cannot outlive its ssh channel. Without a
 * terminal sshd signals nothing when a channel or the connection ends, and a server that
 * neither reads its stdin nor writes would run on. So the command gets /dev/null as stdin while
 * a watcher reads the channel's stdin to its end, which comes when fiblab closes it, dies (even
 * by SIGKILL: the kernel closes its end) or loses the connection; the watcher then stops the
 * command as {@link stopScript} does. The PID printed first is the command's (the shell that
 * prints it execs it); the script exits with the command's status (128 + N for signal N).
 */
export function watchedScript(command: string, graceMs: number): string {
  return [
    TREE,
    'exec 3<&0',
    `sh -c ${shellQuote(`echo $$; exec ${command}`)} </dev/null 3<&- &`,
    'p=$!',
    '(',
    '  while read -r line; do :; done',
    // From here on the stop finishes even if the command's end makes the script below say TERM.
    "  trap '' TERM",
    ...stopLines(graceMs).map((line) => `  ${line}`),
    ') <&3 >/dev/null 2>&1 &',
    'w=$!',
    'exec 3<&-',
    'wait $p; s=$?',
    'kill -TERM $w 2>/dev/null',
    'exit $s',
  ].join('\n');
}
