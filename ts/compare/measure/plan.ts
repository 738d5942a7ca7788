/** Which servers a compare run starts and which cells each one runs: the plan, before anything is measured. */
import { findRuntime, type Runtime, runtimeAvailability, SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import { variantSupport } from '../../runtimes/support.js';
import { variantAvailability } from '../../variants/availability.js';
import { pairsAmong, VARIANTS, type Variant } from '../../variants/registry.js';
import type { CompareOptions } from '../options.js';
import { registerPairs } from '../roster.js';
import {
  type Cell,
  capacityCell,
  companionCells,
  SCENARIOS,
  STORY_CELLS,
  STORY_VARIANTS,
  sameCell,
} from '../scenarios.js';
import type { Unavailable } from '../types.js';
import { registerUserServers, type UserVariant } from '../user-servers.js';

/** One server (a variant on a runtime, over a transport), started once, measured in its cells every round. */
export interface Session {
  /** One of ours, or a server the user brought (`--server`). */
  variant: Variant | UserVariant;
  runtime: Runtime;
  transport: 'tcp' | 'http';
  cells: Cell[];
}

/** Why a peer cannot speak HTTP (its standard library has no HTTP server for its model), or undefined. */
export function noHttp(variant: Variant | UserVariant): string | undefined {
  if (variant.kind === 'user') return 'a --server command speaks TCP';
  return variant.kind === 'peer' && variant.mode === 'async'
    ? 'not available over HTTP: asyncio has no HTTP server in the standard library'
    : undefined;
}

/** The sessions to measure, what cannot run here and why, and the runtimes that appear. */
export interface Plan {
  sessions: Session[];
  unavailable: Unavailable[];
  runtimes: string[];
  /** The closed-loop cells a latency ladder takes its shares of: measured first, before round 0 (run.ts). */
  capacity: Cell[];
  /** Those of them the run measures for the ladder alone (not in its own scenarios): not in the rounds. */
  capacityOnly: Cell[];
}

/** Builds the plan; checks each variant's toolchain and each runtime's support cell. */
export async function planRun(options: CompareOptions): Promise<Plan> {
  const settings = { mixedRate: options.mixedRate };
  const own = options.scenarios.flatMap((scenario) =>
    SCENARIOS[scenario].cells(options.clientCounts, settings),
  );
  const cells = [...own, ...companionCells(own)];
  const capacity = cells.filter((c) =>
    own.some((o) => o.scenario === 'latency' && sameCell(capacityCell(o), c)),
  );
  const capacityOnly = capacity.filter((c) => !own.some((o) => sameCell(o, c)));
  // A server without a ladder needs no capacity of its own measured.
  const withLadder = (variantCells: Cell[]) =>
    variantCells.some((c) => c.scenario === 'latency')
      ? variantCells
      : variantCells.filter((c) => !capacityOnly.some((k) => sameCell(k, c)));
  const plan: Plan = { sessions: [], unavailable: [], runtimes: [], capacity, capacityOnly };
  const primary = options.transport === 'http' ? 'http' : 'tcp';
  for (const name of options.runtimes) {
    const runtime = findRuntime(name) as Runtime;
    const other = name !== SYSTEM_RUNTIME;
    const variants = [...VARIANTS, ...pairsAmong(options.only ?? [])].filter(
      (v) =>
        (options.only === undefined || options.only.includes(v.name)) &&
        (options.variants === undefined || options.only !== undefined || options.variants.includes(v.name)) &&
        (!other || (v.kind === 'ts' && (options.full || STORY_VARIANTS.includes(v.name)))),
    );
    if (variants.length === 0) continue;
    plan.runtimes.push(name);
    // The story cells as this run plans them (its mixed cell carries the run's I/O rate).
    const runtimeCells =
      other && !options.full
        ? STORY_CELLS.filter((c) => options.scenarios.includes(c.scenario)).map(
            (c) => cells.find((p) => sameCell(p, { ...c, offered: p.offered })) ?? c,
          )
        : cells;
    const installed = runtimeAvailability(runtime);
    for (const variant of variants) {
      const support = installed.ok ? variantSupport(runtime.name, variant.name) : installed;
      const found = support.ok ? await variantAvailability(variant) : support;
      const noHttpReason = primary === 'http' ? noHttp(variant) : undefined;
      if (!found.ok) plan.unavailable.push({ variant: variant.name, runtime: name, reason: found.reason });
      else if (noHttpReason !== undefined)
        plan.unavailable.push({ variant: variant.name, runtime: name, reason: noHttpReason });
      else {
        const variantCells = withLadder(
          runtimeCells.filter((c) => SCENARIOS[c.scenario].includes?.(variant) ?? true),
        );
        // A server none of the run's cells applies to (sequential on a latency ladder) is not started.
        if (variantCells.length === 0) {
          plan.unavailable.push({
            variant: variant.name,
            runtime: name,
            reason: `not measured by ${options.scenarios.join(', ')}`,
          });
          continue;
        }
        plan.sessions.push({ variant, runtime, transport: primary, cells: variantCells });
        // --transport both: the system Node's servers once more, over HTTP (the TCP-vs-HTTP table).
        if (options.transport === 'both' && !other && noHttp(variant) === undefined)
          plan.sessions.push({ variant, runtime, transport: 'http', cells: variantCells });
      }
    }
  }
  registerPairs(options.only ?? []);
  // The user's own servers (--server): on this machine's system Node run only, over TCP, in every cell.
  registerUserServers(options.servers);
  if (options.runtimes.includes(SYSTEM_RUNTIME)) {
    const runtime = findRuntime(SYSTEM_RUNTIME) as Runtime;
    for (const variant of options.servers) plan.sessions.push({ variant, runtime, transport: 'tcp', cells });
  }
  return plan;
}

/** `items` rotated left by `by`: each round starts elsewhere, so slow drift favours no cell. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  return items.map((_, i) => items[(i + by) % items.length] as T);
}
