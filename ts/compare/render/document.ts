/** The environment header above every report. */
import { formatEnvironment } from '../../environment.js';
import type { CompareEnvironment } from '../types.js';

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
machine  at start: steal ${environment.atStart?.stealPct ?? 'n/a'} %, other processes ${environment.atStart?.othersPct ?? 'n/a'} % of the machine
note     server and load generator share the ${environment.cores} cores: compare ratios within this run, not with other machines`;
}
