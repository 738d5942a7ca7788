import { createInlineStrategy } from './inline.js';
import { createNativeAsyncStrategy } from './native-async.js';
import { createNativePoolStrategy } from './native-pool.js';
import { createNativeSyncStrategy } from './native-sync.js';
import { createPoolStrategy } from './pool.js';
import { createProcessPoolStrategy } from './process-pool.js';
import type { ComputeStrategy, StrategyName, StrategyOptions } from './strategy.js';
import { withTestDelay } from './test-delay.js';
import { withTestStall } from './test-stall.js';
import { createWorkerPerConnectionStrategy } from './worker-per-connection.js';

export type { ComputeStrategy, ConnectionCompute, StrategyName, StrategyOptions } from './strategy.js';

const factories: Record<StrategyName, (options: StrategyOptions) => ComputeStrategy> = {
  inline: createInlineStrategy,
  'native-sync': createNativeSyncStrategy,
  'native-async': createNativeAsyncStrategy,
  'native-pool': createNativePoolStrategy,
  pool: createPoolStrategy,
  'worker-per-connection': createWorkerPerConnectionStrategy,
  'process-pool': createProcessPoolStrategy,
};

/** Every compute strategy, in the order the help lists them. */
export const STRATEGY_NAMES = Object.keys(factories) as StrategyName[];

/** Creates the named compute strategy. */
export function createStrategy(name: StrategyName, options: StrategyOptions): ComputeStrategy {
  return withTestStall(withTestDelay(factories[name](options)));
}
