/**
 * CPU affinity for `--server-cpus` / `--load-cpus`, as the rest of fiblab sees it. The lists and
 * the plan are the same everywhere; pinning is Linux's (affinity-linux.ts: taskset and /proc).
 * macOS has no API to pin a thread to a core and Windows' affinity masks are not reachable from
 * Node without native code, so there the pinning functions refuse with ERR_AFFINITY_TASKSET and
 * a sentence saying so, before anything starts.
 */
import { type CodeOf, type WithCode, withCode } from '../errors.js';
import * as linux from './affinity-linux.js';

export {
  type AffinityError,
  AffinityErrorCodes,
  type AffinityPlan,
  allowedCpus,
  findTaskset,
  formatCpuList,
  MAX_CPU,
  parseCpuList,
  planAffinity,
  threadAffinities,
} from './affinity-linux.js';

const notHere = (): WithCode<CodeOf<'affinity'>> =>
  withCode(
    new Error(`CPU pinning (--server-cpus, --load-cpus) works on Linux only; this is ${process.platform}`),
    linux.AffinityErrorCodes.TASKSET,
  );

/** `command args` wrapped to start on `cpus` only (Linux: `taskset -c LIST command args`). */
export function withAffinity(
  ...args: Parameters<typeof linux.withAffinity>
): ReturnType<typeof linux.withAffinity> {
  if (process.platform !== 'linux') throw notHere();
  return linux.withAffinity(...args);
}

/** Pins every thread of the running process `pid` to `cpus` (Linux: `taskset -a -p`). */
export function pinProcess(
  ...args: Parameters<typeof linux.pinProcess>
): ReturnType<typeof linux.pinProcess> {
  if (process.platform !== 'linux') return Promise.reject(notHere());
  return linux.pinProcess(...args);
}
