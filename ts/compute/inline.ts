import { fibUnchecked } from '../fib.js';
import type { ComputeStrategy, ConnectionCompute } from './strategy.js';

// Stateless, so every connection shares one handle: fib in JS, on the event loop.
const onTheLoop: ConnectionCompute = { compute: fibUnchecked, release() {} };

/** fib in JS on the event loop: concurrency without parallelism (the seed's async_server). */
export function createInlineStrategy(): ComputeStrategy {
  return { name: 'inline', details: {}, connect: () => onTheLoop, close: async () => {} };
}
