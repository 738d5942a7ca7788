/**
 * A compare slice record made up for tests that feed compare's statistics, tables and report
 * without servers: the figures a test chooses, and a clean slice for the rest (no errors, no
 * unserved client, no noise, one group holding the whole cell).
 */
import type { MeasurementRecord } from '../../ts/compare/types.js';

/** The figures every test chooses; anything else of a record may be given too. */
type Chosen = Pick<
  MeasurementRecord,
  | 'variant'
  | 'scenario'
  | 'clients'
  | 'n'
  | 'round'
  | 'reqPerSec'
  | 'latencyMs'
  | 'serverCpu'
  | 'cpuUsPerReply'
  | 'serverRssMiB'
  | 'clientCpu'
  | 'clientWorkers'
  | 'durationS'
> &
  Partial<MeasurementRecord>;

export function sliceRecord(fields: Chosen): MeasurementRecord {
  const { n, clients, reqPerSec, latencyMs } = fields;
  return {
    runtime: 'node',
    errors: 0,
    wrongAnswers: 0,
    notServed: 0,
    noise: null,
    groups: [{ n, clients, reqPerSec, latencyMs, notServed: 0 }],
    warnings: [],
    ...fields,
  };
}

/**
 * A record of one cell and round from its throughput alone: latencies scale with 1/reqPerSec
 * and the resource figures are plausible constants; `extra` overrides any of them.
 */
export function cellRecord(
  variant: string,
  scenario: MeasurementRecord['scenario'],
  clients: number,
  n: number,
  round: number,
  reqPerSec: number,
  extra: Partial<MeasurementRecord> = {},
): MeasurementRecord {
  return sliceRecord({
    variant,
    scenario,
    clients,
    n,
    round,
    reqPerSec,
    latencyMs: { p50: 1000 / reqPerSec, p90: 1200 / reqPerSec, p99: 1500 / reqPerSec, max: 2000 / reqPerSec },
    serverCpu: 90,
    cpuUsPerReply: 50,
    serverRssMiB: 60,
    clientCpu: 40,
    clientWorkers: Math.min(clients, 2),
    durationS: 0.3,
    ...extra,
  });
}
