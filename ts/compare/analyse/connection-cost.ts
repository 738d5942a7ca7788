/**
 * What a connection costs each model, from the churn scenario and its io companion measured in
 * the same rounds: server CPU per reply with a new connection per request, less the same with one
 * connection kept alive. The difference is taken from the paired ratio of the two CPU figures
 * (churn ÷ keep-alive, per round) times the keep-alive median, so its interval is the ratio's.
 */
import { SYSTEM_RUNTIME } from '../../runtimes/registry.js';
import type { Interval, RatioEstimate } from '../../stats/index.js';
import type { MeasurementRecord } from '../types.js';
import { sideRatio } from './ratios.js';
import type { CellSummary } from './summary.js';

/** One model's cost per connection. */
export interface ConnectionCost {
  variant: string;
  runtime: string;
  clients: number;
  /** req/s with a new connection per request, and with one kept alive (medians over rounds). */
  churnReqPerSec: number;
  keepAliveReqPerSec: number;
  /** Server CPU µs per reply, medians: churn and keep-alive. */
  churnCpuUs: number | null;
  keepAliveCpuUs: number | null;
  /** churn ÷ keep-alive server CPU per reply, paired by round. */
  cpuRatio: RatioEstimate | null;
  /** Server CPU µs one connection costs (accept, set-up, close; a thread start where there is one). */
  serverCpuUs: number | null;
  serverCpuUsInterval: Interval | null;
  /** Wall µs a closed-loop client loses per connection: 1/churn rate − 1/keep-alive rate (medians). */
  wallUs: number;
  /** Clients not served in churn (a one-at-a-time server). */
  notServed: number;
}

/** The cost per connection of every server that ran churn beside its keep-alive companion. */
export function connectionCosts(
  summaries: readonly CellSummary[],
  records: readonly MeasurementRecord[],
): ConnectionCost[] {
  const costs: ConnectionCost[] = [];
  for (const churn of summaries.filter((s) => s.scenario === 'churn')) {
    const io = summaries.find(
      (s) =>
        s.scenario === 'io' &&
        s.variant === churn.variant &&
        s.runtime === churn.runtime &&
        s.clients === churn.clients,
    );
    if (io === undefined) continue;
    const side = (scenario: 'churn' | 'io') => ({
      variant: churn.variant,
      runtime: churn.runtime,
      scenario,
      clients: churn.clients,
    });
    const cpuRatio = sideRatio(records, side('churn'), side('io'), 'cpuUsPerReply');
    const base = io.cpuUsPerReply;
    const served = churn.reqPerSec.median > 0 && io.reqPerSec.median > 0;
    costs.push({
      variant: churn.variant,
      runtime: churn.runtime,
      clients: churn.clients,
      churnReqPerSec: churn.reqPerSec.median,
      keepAliveReqPerSec: io.reqPerSec.median,
      churnCpuUs: churn.cpuUsPerReply,
      keepAliveCpuUs: base,
      cpuRatio,
      serverCpuUs: cpuRatio === null || base === null ? null : base * (cpuRatio.estimate - 1),
      serverCpuUsInterval:
        cpuRatio?.interval == null || base === null
          ? null
          : { low: base * (cpuRatio.interval.low - 1), high: base * (cpuRatio.interval.high - 1) },
      wallUs: served ? 1e6 / churn.reqPerSec.median - 1e6 / io.reqPerSec.median : Number.NaN,
      notServed: churn.notServed,
    });
  }
  return costs.sort(
    (a, b) => (a.runtime === SYSTEM_RUNTIME ? 0 : 1) - (b.runtime === SYSTEM_RUNTIME ? 0 : 1),
  );
}
