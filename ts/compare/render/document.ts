/** The environment header above every report. */
import { formatEnvironment } from '../../environment.js';
import { NO_STEAL_REASON } from '../../noise/proc-stat.js';
import type { CompareEnvironment, SamplingReport } from '../types.js';

/** A figure, or `n/a (reason)` when the run could not have it: never a silent blank or 0. */
const orNa = (value: number | null | undefined, reason: string) =>
  value === null || value === undefined ? `n/a (${reason})` : `${value} %`;

/** The sampler line: source and resolution, the peak's kind, what is n/a here and why. */
function samplingLine(sampling: SamplingReport | undefined): string {
  if (sampling === undefined) return '';
  const step =
    sampling.cpuResolutionMs === null ? 'resolution unknown' : `CPU in ${sampling.cpuResolutionMs} ms steps`;
  const missing = sampling.missing.length === 0 ? '' : `; n/a here: ${sampling.missing.join('; ')}`;
  return `\nsampler  ${sampling.process} (${step}; peak RSS: ${sampling.peakRss}); machine load: ${sampling.machine}${missing}`;
}

/** The header above every report. */
export function headerOf(environment: CompareEnvironment): string {
  const { timing: t, plan } = environment;
  const runtimes = Object.entries(environment.runtimes)
    .map(([name, v]) => `${name} ${v}`)
    .join(' · ');
  return `${formatEnvironment(environment)}
tools    npm ${environment.npm} · ${environment.cargo} · ${environment.go} · ${environment.python}
runtimes ${runtimes}
load     ${environment.rounds} rounds × ${plan.slicesPerRound} slices (${plan.servers} servers, all started first); slice ${t.warmupS} s warm-up + ${t.sliceS} s measured${environment.precision === null ? '' : `; --precision ${Math.round(environment.precision * 100)} %`}
servers  ${environment.servers ?? 'this machine'}
machine  at start: steal ${orNa(environment.atStart?.stealPct, environment.atStart ? NO_STEAL_REASON : 'machine times unreadable')}, other processes ${orNa(environment.atStart?.othersPct, 'machine times unreadable')} of the machine${samplingLine(environment.sampling)}
note     server and load generator share the ${environment.cores} cores: compare ratios within this run, not with other machines`;
}
