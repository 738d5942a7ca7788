/**
 * `--server-cpus` / `--load-cpus` for the benches that compare two load generators (Linux,
 * taskset): the server on its CPUs and every generator process on the others, so the generators
 * differ only in themselves, not in how much of the server's CPU they take.
 */
import { type AffinityPlan, formatCpuList, planAffinity, withAffinity } from '../ts/launch/affinity.js';

export const PINNING_OPTIONS = {
  'server-cpus': { type: 'string' },
  'load-cpus': { type: 'string' },
} as const;

export interface Pinning {
  /** command + args run on the load CPUs (unchanged when unpinned). */
  load(command: string, args: readonly string[]): { command: string; args: string[] };
  /** command + args run on the server CPUs (unchanged when unpinned). */
  server(command: string, args: readonly string[]): { command: string; args: string[] };
  /** How many CPUs the load runs on when pinned. */
  loadCpuCount: number | undefined;
  /** One line for the report's header. */
  describe: string;
}

export function pinningFromFlags(serverCpus: string | undefined, loadCpus: string | undefined): Pinning {
  if ((serverCpus === undefined) !== (loadCpus === undefined))
    throw new Error('--server-cpus and --load-cpus go together');
  const plan: AffinityPlan | undefined =
    serverCpus === undefined ? undefined : planAffinity(serverCpus, loadCpus as string);
  const on = (pick: (p: AffinityPlan) => readonly number[]) => (command: string, args: readonly string[]) =>
    plan === undefined ? { command, args: [...args] } : withAffinity(pick(plan), command, args);
  return {
    load: on((p) => p.load),
    server: on((p) => p.server),
    loadCpuCount: plan?.load.length,
    describe:
      plan === undefined
        ? 'unpinned'
        : `server on CPU ${formatCpuList(plan.server)}, every generator process on CPU ${formatCpuList(plan.load)}`,
  };
}
