/**
 * When a cell's req/s measures thread placement, not the servers. On a machine whose cores the
 * load generator shares with the servers, a server that spends a few µs of CPU per reply is
 * limited by the round trip: which client thread meets which server thread on which core, and
 * how often each sleeps and wakes, decides the rate (a GIL-bound Python server can then "beat"
 * Go at I/O). Such a cell's req/s ranks nothing; its server CPU per reply still does.
 *
 * The rule, for each cell (scenario, n, client count) of the system runtime over the line protocol:
 *   placement-bound ⇔ the load generator shares the servers' cores (servers on this machine,
 *   neither pinned apart with --server-cpus/--load-cpus nor on --server-host)
 *   AND the median over the cell's servers of their median server CPU µs per reply
 *   < {@link PLACEMENT_CPU_US}.
 * The mixed scenario is left out: its figure is a latency beside a CPU-bound client.
 */
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import { median } from '../../stats/index.js';
import type { ScenarioName } from '../scenarios.js';
import type { CompareEnvironment } from '../types.js';
import type { CellSummary } from './summary.js';

/**
 * Below this much server CPU per reply (the cell's median over servers, µs), the servers' own work
 * is about what a loopback round trip costs in wake-ups and system calls, so placement decides
 * req/s. Measured on 2 shared cores: I/O n=1 cells sit at 7–42 µs, CPU n=22 cells at 118–206 µs,
 * the sweep crosses 50 µs between n=19 and n=21.
 */
export const PLACEMENT_CPU_US = 50;

/** Why a cell's req/s is placement-bound: the figures the footnote states (on each summary of the cell). */
export type PlacementNote = NonNullable<CellSummary['placement']>;

/** A cell whose req/s is placement-bound. */
export interface PlacementCell extends PlacementNote {
  scenario: ScenarioName;
  n: number;
  clients: number;
}

/** True when the load generator ran on the servers' cores (the default: not pinned apart, not remote). */
export function generatorSharesCores(environment: Pick<CompareEnvironment, 'servers'>): boolean {
  // measure/launchers.ts says exactly 'this machine' for unpinned local servers; older runs say nothing.
  return environment.servers === undefined || environment.servers === 'this machine';
}

/** The placement-bound cells of a run (see the file comment for the rule). */
export function placementBoundCells(
  summaries: readonly CellSummary[],
  environment: Pick<CompareEnvironment, 'servers' | 'cores'>,
): PlacementCell[] {
  if (!generatorSharesCores(environment)) return [];
  const cells = new Map<string, { scenario: ScenarioName; n: number; clients: number; us: number[] }>();
  for (const s of summaries) {
    if (s.runtime !== SYSTEM_RUNTIME || s.transport !== undefined || s.scenario === 'mixed') continue;
    if (s.cpuUsPerReply === null || s.notServed >= s.clients) continue;
    const key = `${s.scenario} ${s.n} ${s.clients}`;
    const cell = cells.get(key) ?? { scenario: s.scenario, n: s.n, clients: s.clients, us: [] };
    cell.us.push(s.cpuUsPerReply);
    cells.set(key, cell);
  }
  return [...cells.values()]
    .map(({ us, ...cell }) => ({ ...cell, cpuUsPerReply: median(us), cores: environment.cores }))
    .filter((cell) => cell.cpuUsPerReply < PLACEMENT_CPU_US);
}

/**
 * The summaries with `placement` set on each of a placement-bound cell (system runtime, line
 * protocol), so the tables and the headline read it where they read the figures.
 */
export function withPlacement(
  summaries: readonly CellSummary[],
  environment: Pick<CompareEnvironment, 'servers' | 'cores'>,
): CellSummary[] {
  const cells = placementBoundCells(summaries, environment);
  return summaries.map((s) => {
    const cell = cells.find((c) => c.scenario === s.scenario && c.n === s.n && c.clients === s.clients);
    if (cell === undefined || s.runtime !== SYSTEM_RUNTIME || s.transport !== undefined) return s;
    return { ...s, placement: { cpuUsPerReply: cell.cpuUsPerReply, cores: cell.cores } };
  });
}

const and = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/**
 * The footnote's one sentence for the placement-bound cells of one n (client counts ascending):
 * why their req/s ranks nothing, and what to read instead.
 */
export function placementReason(
  n: number,
  cells: ReadonlyArray<PlacementNote & { clients: number }>,
): string {
  const us = (v: number) => (v < 10 ? v.toFixed(1) : String(Math.round(v)));
  const clients = and(cells.map((c) => String(c.clients)));
  const last = cells[cells.length - 1]?.clients ?? 0;
  return `req/s at n=${n} with ${clients} client${last === 1 ? '' : 's'} measures thread placement, not the servers: they spend a median ${and(cells.map((c) => us(c.cpuUsPerReply)))} µs of CPU per reply and share ${cells[0]?.cores ?? '?'} cores with the load generator, so which client thread meets which server thread on which core decides the rate; read server CPU per reply (or measure with --server-cpus/--load-cpus or --server-host).`;
}
