/**
 * --load-host: each load host's part over the run, from the slices' records: its clients, and its
 * generator's CPU (% of one core over a slice's window) as the median and the highest slice. The
 * saturation rule (summary.ts) and the out-of-step warning already read each slice; this is the
 * per-host figure a reader looks for first: did any host run out of CPU?
 */
import { median } from '../../stats/index.js';
import type { MeasurementRecord } from '../types.js';

/** One load host's part of the run. */
export interface LoadHostUse {
  host: string;
  /** Most clients it ran in one slice. */
  clients: number;
  /** Its generator's CPU over a slice's window, % of one core: median and highest over the slices it ran. */
  cpuMedianPct: number;
  cpuMaxPct: number;
  /** Generator worker threads (the most in one slice). */
  workers: number;
  /** Slices it ran. */
  slices: number;
}

/**
 * Each load host's part, in the order the hosts were named (empty when the run had no
 * --load-host). Hosts are told apart by their place in that order: two `local` hosts are two.
 */
export function loadHostUse(records: readonly MeasurementRecord[]): LoadHostUse[] {
  const byPlace = new Map<number, { host: string; clients: number; cpu: number[]; workers: number }>();
  for (const record of records) {
    (record.loadHosts ?? []).forEach((part, place) => {
      const host = byPlace.get(place) ?? { host: part.host, clients: 0, cpu: [], workers: 0 };
      host.clients = Math.max(host.clients, part.clients);
      host.workers = Math.max(host.workers, part.workers);
      host.cpu.push(part.clientCpu);
      byPlace.set(place, host);
    });
  }
  const named = [...byPlace.values()];
  return named.map((h, place) => ({
    host: named.filter((o) => o.host === h.host).length > 1 ? `${h.host} #${place + 1}` : h.host,
    clients: h.clients,
    cpuMedianPct: median(h.cpu),
    cpuMaxPct: Math.max(...h.cpu),
    workers: h.workers,
    slices: h.cpu.length,
  }));
}
