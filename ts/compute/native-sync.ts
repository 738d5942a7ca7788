import { fib } from '../native.js';
import type { ComputeStrategy, ConnectionCompute } from './strategy.js';

const onTheLoop: ConnectionCompute = { compute: fib, release() {} };

/** The Rust addon's fib on the event loop: compiled speed, still blocks every other client. */
export function createNativeSyncStrategy(): ComputeStrategy {
  return { name: 'native-sync', details: {}, connect: () => onTheLoop, close: async () => {} };
}
