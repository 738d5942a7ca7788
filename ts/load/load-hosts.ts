/**
 * `runLoad` over several load hosts (`--load-host`): each host runs its share of the clients in
 * its own fiblab process (`fiblab load --as-load-host`, the same commit, checked), all of them
 * start at one instant agreed through their measured clock offsets, and their raw figures are
 * merged exactly (host-merge.ts). A host that cannot be reached, runs another commit or fails
 * during the run is named in the error; the run is then stopped on every host, and nothing it
 * started is left running anywhere.
 */
import { describeEnvironment } from '../environment.js';
import {
  connectLoadHost,
  type HostProcess,
  type LoadHostConnection,
  type LoadHostSpec,
} from '../launch/load-host.js';
import { LOAD_HOST_LIMITS } from './defaults.js';
import { hostError, optionsError } from './errors.js';
import { CLOCK_SAMPLES, type ClockOffset, type ClockSample, clockOffset, preciseNow } from './host-clock.js';
import { mergeHostParts } from './host-merge.js';
import { type HostLine, parseHostLine, startLine } from './host-messages.js';
import { progressMerger } from './host-progress.js';
import { splitAcrossHosts } from './host-split.js';
import { LOAD_EXIT } from './options.js';
import { planLoad } from './plan.js';
import type { LoadOptions, LoadReport, ProgressSample } from './types.js';

/** Where the load runs and how the run is watched. */
export interface LoadHostsSetup {
  hosts: readonly LoadHostSpec[];
  /** This fiblab's checkout: what the hosts' commits are checked against, and `local`'s program. */
  localDir: string;
  /** Hears one line as each run starts (the hosts' clock offsets). */
  log?: (line: string) => void;
}

type Kind = HostLine['kind'];

/** How long a part that has sent its figures may take to exit by itself, ms. */
const PART_EXIT_MS = 2000;

/** A host's process, read for the line of `kind`; its failure (an early end, silence) names it. */
class HostRun {
  /** Its process has exited. */
  ended = false;

  constructor(
    readonly name: string,
    readonly proc: HostProcess,
    /** Hears its live samples, read while a line of another kind is awaited. */
    private readonly onProgress?: (sample: ProgressSample) => void,
  ) {
    void proc.exited.then(() => {
      this.ended = true;
    });
  }

  /** Once its figures are in it leaves by itself (bounded); otherwise, and when it does not, it is stopped. */
  async finish(succeeded: boolean): Promise<void> {
    if (succeeded) await Promise.race([this.proc.exited, new Promise((r) => setTimeout(r, PART_EXIT_MS))]);
    if (!this.ended) await this.proc.stop().catch(() => {});
  }

  async expect<K extends Kind>(
    kind: K,
    timeoutMs: number,
    phase: string,
  ): Promise<Extract<HostLine, { kind: K }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = await this.proc.nextLine(Math.max(1, deadline - Date.now())).catch(() => {
        throw hostError(this.name, `no answer ${phase} within ${Math.round(timeoutMs / 1000)} s`);
      });
      if (line === undefined) {
        // Its stdout has ended: it is gone (or going); its status and last words say why.
        const status = await Promise.race([this.proc.exited, new Promise((r) => setTimeout(r, 2000, '?'))]);
        const why = this.proc.stderrTail();
        // Exit 2 is fiblab load's usage status: the host refused its part's options (a rate its generator cannot keep).
        if (status === LOAD_EXIT.USAGE) throw optionsError(`load host ${this.name}: ${why}`);
        throw hostError(
          this.name,
          `its generator ended ${phase} (exit ${status})${why === '' ? '' : `: ${why}`}`,
        );
      }
      const parsed = parseHostLine(line);
      if (parsed?.kind === 'progress') this.onProgress?.(parsed.sample);
      if (parsed?.kind === kind) return parsed as Extract<HostLine, { kind: K }>;
    }
  }

  /** Its clock against this machine's, from CLOCK_SAMPLES exchanges. */
  async clock(): Promise<ClockOffset> {
    const samples: ClockSample[] = [];
    for (let i = 0; i < CLOCK_SAMPLES; i++) {
      const sentAt = preciseNow();
      this.proc.send('clock');
      const { at } = await this.expect('clock', 10_000, 'before its clock was read');
      samples.push({ sentAt, remote: at, receivedAt: preciseNow() });
    }
    return clockOffset(samples);
  }
}

/** Every host connected (all at once); the first that fails is named, after the others are closed. */
async function connectAll(setup: LoadHostsSetup): Promise<LoadHostConnection[]> {
  const settled = await Promise.allSettled(setup.hosts.map((h) => connectLoadHost(h, setup.localDir)));
  const connections = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.findIndex((s) => s.status === 'rejected');
  if (failed === -1) return connections;
  await Promise.all(connections.map((c) => c.close().catch(() => {})));
  const reason = (settled[failed] as PromiseRejectedResult).reason as Error;
  throw hostError(setup.hosts[failed]?.destination ?? '?', reason.message);
}

/** Rejects when `signal` aborts (never, without one); `off` takes the listener away. */
function aborted(signal: AbortSignal | undefined): { promise: Promise<never>; off: () => void } {
  let off = () => {};
  const promise = new Promise<never>((_, reject) => {
    if (signal === undefined) return;
    const onAbort = () => reject(new Error('the run was stopped'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    off = () => signal.removeEventListener('abort', onAbort);
  });
  promise.catch(() => {});
  return { promise, off };
}

/**
 * The load hosts of a command, connected (and checked) once and kept for every run it makes: a
 * compare run's slices start their parts over the same connections. `close()` when done.
 */
export class LoadHosts {
  private constructor(
    private readonly setup: LoadHostsSetup,
    private readonly connections: readonly LoadHostConnection[],
  ) {}

  /** Connects to every host at once; rejects with ERR_LOAD_HOST naming the first that fails (the others closed). */
  static async connect(setup: LoadHostsSetup): Promise<LoadHosts> {
    return new LoadHosts(setup, await connectAll(setup));
  }

  /** The hosts, as named in reports. */
  get names(): string[] {
    return this.connections.map((c) => c.name);
  }

  /**
   * Runs `options` spread over the hosts against a server that must already be listening (at an
   * address every host reaches); resolves with the merged report, which has `loadHosts`. Rejects
   * with ERR_LOAD_HOST naming the host that failed (every host's part is stopped first), or
   * ERR_LOAD_OPTIONS. Aborting `signal` stops it on every host.
   */
  async run(options: LoadOptions, signal?: AbortSignal): Promise<LoadReport> {
    const plan = planLoad(options);
    const partOptions = splitAcrossHosts(options, this.connections.length);
    const environment = describeEnvironment();
    const stop = aborted(signal);
    const runs: HostRun[] = [];
    // Each host samples its own rate: the run's is their sum, second by second.
    const onProgress = plan.onProgress;
    const merge = onProgress === undefined ? undefined : progressMerger(this.connections.length, onProgress);
    const timers: NodeJS.Timeout[] = [];
    let succeeded = false;
    try {
      // Every start settles before any failure is said, so nothing started is missed by the stop below.
      const starts = await Promise.allSettled(
        this.connections.map((c, i) => c.start(['load', '--as-load-host', JSON.stringify(partOptions[i])])),
      );
      starts.forEach((s, i) => {
        const heard = merge === undefined ? undefined : (sample: ProgressSample) => merge(i, sample);
        if (s.status === 'fulfilled') runs.push(new HostRun(this.names[i] as string, s.value, heard));
      });
      const failed = starts.findIndex((s) => s.status === 'rejected');
      if (failed !== -1) {
        const reason = (starts[failed] as PromiseRejectedResult).reason as Error;
        throw hostError(this.names[failed] ?? '?', `fiblab did not start: ${reason.message}`);
      }
      // Every host's clients connected, then every clock read, before the instant is chosen.
      await Promise.race([
        Promise.all(runs.map((r) => r.expect('connected', LOAD_HOST_LIMITS.connectMs, 'while connecting'))),
        stop.promise,
      ]);
      const clocks = await Promise.race([Promise.all(runs.map((r) => r.clock())), stop.promise]);
      const lead = LOAD_HOST_LIMITS.startLeadMs + 4 * Math.max(...clocks.map((c) => c.errorMs));
      const at = preciseNow() + lead;
      runs.forEach((r, i) => {
        r.proc.send(startLine(at + (clocks[i] as ClockOffset).offsetMs));
      });
      const offsets = runs.map((r, i) => {
        const c = clocks[i] as ClockOffset;
        return `${r.name} ${c.offsetMs >= 0 ? '+' : ''}${c.offsetMs.toFixed(1)} ± ${c.errorMs.toFixed(1)} ms`;
      });
      this.setup.log?.(
        `${runs.length} load hosts start at one instant, ${Math.round(lead)} ms from now (clock offsets ${offsets.join(', ')})`,
      );
      // The window's edges on this machine's clock, for a caller that reads the server around it.
      const untilOpen = at + plan.warmupS * 1000 - preciseNow();
      timers.push(setTimeout(() => plan.onWindow?.('open'), untilOpen));
      timers.push(setTimeout(() => plan.onWindow?.('close'), untilOpen + plan.durationS * 1000));
      const waitMs =
        lead + (plan.warmupS + plan.durationS + plan.graceS) * 1000 + LOAD_HOST_LIMITS.figuresMarginMs;
      const figures = await Promise.race([
        Promise.all(runs.map((r) => r.expect('figures', waitMs, 'mid-run'))),
        stop.promise,
      ]);
      succeeded = true;
      return mergeHostParts(
        plan,
        runs.map((r, i) => ({
          host: r.name,
          options: partOptions[i] as LoadOptions,
          figures: (figures[i] as Extract<HostLine, { kind: 'figures' }>).figures,
          clock: clocks[i] as ClockOffset,
        })),
        environment,
      );
    } finally {
      for (const timer of timers) clearTimeout(timer);
      stop.off();
      // Every host's part stopped at once (bounded; one that has finished is simply gone).
      await Promise.all(runs.map((r) => r.finish(succeeded)));
    }
  }

  /** Stops whatever still runs on the hosts and ends every connection. */
  async close(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close().catch(() => {})));
  }
}

/** One run over `setup.hosts`: connect, run, close (see {@link LoadHosts}). */
export async function runLoadOnHosts(
  options: LoadOptions,
  setup: LoadHostsSetup,
  signal?: AbortSignal,
): Promise<LoadReport> {
  const hosts = await LoadHosts.connect(setup);
  try {
    return await hosts.run(options, signal);
  } finally {
    await hosts.close();
  }
}
