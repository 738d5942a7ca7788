/** The load generator's programmatic API (what `scripts/compare.mjs` uses): `runLoad` and its types. */
export { LOAD_DEFAULTS, LOAD_LIMITS, WARNING_THRESHOLDS } from './defaults.js';
export { isLoadError, type LoadError, type LoadErrorCode, LoadErrorCodes } from './errors.js';
export { formatLoadReport, formatMicros, formatRate } from './format.js';
export { LoadHosts, type LoadHostsSetup, runLoadOnHosts } from './load-hosts.js';
export { runLoad } from './run.js';
export type {
  ClientReport,
  ErrorReplyCode,
  ErrorReplyCounts,
  GroupReport,
  GroupSpec,
  LatencySummary,
  LoadGeneratorUsage,
  LoadHostReport,
  LoadHostsReport,
  LoadOptions,
  LoadReport,
  LoadWarning,
  OpenLoopReport,
  ProgressSample,
  SpreadSummary,
  Stats,
  WarningCode,
  WrongAnswer,
} from './types.js';
