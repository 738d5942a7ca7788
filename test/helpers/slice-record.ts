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
