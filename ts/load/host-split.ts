/**
 * A run spread over several load hosts: each group's connections are cut into contiguous shares,
 * one per host, as evenly as the counts allow (the hosts that get one more change from group to
 * group, so the totals stay even too). A share keeps the numbers, ports and open-loop send times
 * its connections have in a single generator's run (see GroupSpec.share), so the hosts together
 * do exactly one generator's work: with --rate each host sends its connections' part of the rate.
 */
import { optionsError } from './errors.js';
import type { LoadOptions } from './types.js';

/** The options each of `hosts` load hosts runs (only data: no callbacks). Throws ERR_LOAD_OPTIONS. */
export function splitAcrossHosts(options: LoadOptions, hosts: number): LoadOptions[] {
  const total = options.groups.reduce((sum, g) => sum + g.clients, 0);
  if (hosts > total) {
    throw optionsError(`${hosts} load hosts need at least ${hosts} clients (one each), got ${total}`);
  }
  const { onProgress: _progress, onWindow: _window, ...data } = options;
  const parts: LoadOptions[] = Array.from({ length: hosts }, () => ({ ...data, groups: [] }));
  let rotation = 0; // which host takes the next group's first extra connection
  for (const g of options.groups) {
    const base = Math.floor(g.clients / hosts);
    const extra = g.clients % hosts;
    let first = 0;
    for (let h = 0; h < hosts; h++) {
      const count = base + ((h - rotation + hosts) % hosts < extra ? 1 : 0);
      const { share: _share, ...group } = g;
      parts[h]?.groups.push({ ...group, share: { first, count } });
      first += count;
    }
    rotation = (rotation + extra) % hosts;
  }
  // --workers is each host's: a host with fewer connections runs one thread per connection.
  if (options.workers !== undefined)
    for (const p of parts) p.workers = Math.min(options.workers, clientsOf(p));
  return parts;
}

/** How many connections of the run a part runs. */
export function clientsOf(part: LoadOptions): number {
  return part.groups.reduce((sum, g) => sum + (g.share?.count ?? g.clients), 0);
}
