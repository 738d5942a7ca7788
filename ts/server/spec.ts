/** What a server process runs: one point of the compute-strategy × process-model axes. */
import type { StrategyName } from '../compute/strategy.js';

/** How server processes are arranged: the process-model axis. */
export type ProcessModel = 'single' | 'sequential' | 'cluster' | 'many';

/** Every process model, in the order the help lists them. */
export const PROCESS_MODELS: readonly ProcessModel[] = ['single', 'sequential', 'cluster', 'many'];

/** A server to run: its name (for the readiness line), where fib runs and how processes are arranged. */
export interface ServerSpec {
  name: string;
  strategy: StrategyName;
  processModel: ProcessModel;
}
