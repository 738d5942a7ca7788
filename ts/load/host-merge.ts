/**
 * The several load hosts' figures made into one report, exactly: every host's workers' raw
 * figures go through the same aggregation a single generator's do (histograms added, counts
 * summed; a percentile is never averaged), since each host's share kept the client numbers a
 * single generator would have given. Each host's own part, clock and CPU are kept beside it, and
 * the saturation warning is per host.
 */
import type { Environment } from '../environment.js';
import { buildReport } from './aggregate.js';
import { LOAD_HOST_LIMITS } from './defaults.js';
import type { ClockOffset } from './host-clock.js';
import type { PartFigures } from './host-messages.js';
import { type LoadPlan, planLoad } from './plan.js';
import type { LoadGeneratorUsage, LoadHostReport, LoadOptions, LoadReport, LoadWarning } from './types.js';
import { saturationWarning } from './warnings.js';

/** One host's finished part. */
export interface HostPart {
  host: string;
  /** The options it ran (its shares). */
  options: LoadOptions;
  figures: PartFigures;
  clock: ClockOffset;
}

/** Every host's generator together: CPU and threads added up, every worker's utilisation. */
function allUsage(parts: readonly HostPart[]): LoadGeneratorUsage {
  const usages = parts.map((p) => p.figures.usage);
  return {
    cpuPercent: usages.reduce((sum, u) => sum + u.cpuPercent, 0),
    workers: usages.reduce((sum, u) => sum + u.workers, 0),
    cores: usages.reduce((sum, u) => sum + u.cores, 0),
    eventLoopUtilization: usages.flatMap((u) => u.eventLoopUtilization),
  };
}

/** The merged report of `plan` (the whole run) from every host's part; `environment` is this machine's. */
export function mergeHostParts(
  plan: LoadPlan,
  parts: readonly HostPart[],
  environment: Environment,
): LoadReport {
  // Each start on this machine's clock: the host's reading less its offset.
  const starts = parts.map((p) => p.figures.startedAtMs - p.clock.offsetMs);
  const first = Math.min(...starts);
  const spread = Math.max(...starts) - first;
  const merged = buildReport(
    plan,
    parts.flatMap((p) => p.figures.figures),
    allUsage(parts),
    new Date(first).toISOString(),
    environment,
  );
  const hosts: LoadHostReport[] = parts.map((p, i) => {
    const own = buildReport(
      planLoad(p.options),
      p.figures.figures,
      p.figures.usage,
      p.figures.startedAt,
      p.figures.environment,
    );
    return {
      host: p.host,
      total: own.total,
      clockOffsetMs: p.clock.offsetMs,
      clockErrorMs: p.clock.errorMs,
      startMs: (starts[i] as number) - first,
      loadGenerator: p.figures.usage,
      environment: p.figures.environment,
    };
  });
  // Saturation is a property of one generator process: the sum of several says nothing.
  const warnings: LoadWarning[] = merged.warnings.filter((w) => w.code !== 'load-generator-saturated');
  for (const h of hosts) {
    const saturated = saturationWarning(h.loadGenerator, `load host ${h.host}: `);
    if (saturated !== undefined) warnings.push(saturated);
  }
  const windowMs = plan.durationS * 1000;
  if (spread > LOAD_HOST_LIMITS.startSpreadShare * windowMs) {
    warnings.push({
      code: 'load-hosts-out-of-step',
      group: null,
      message:
        `the load hosts started ${spread.toFixed(1)} ms apart, ${((spread / windowMs) * 100).toFixed(1)} % of the ` +
        `${plan.durationS} s window: their windows overlap less, so the merged figures mix unequal stretches of time`,
    });
  }
  return { ...merged, warnings, loadHosts: { startSpreadMs: spread, hosts } };
}
