/**
 * Test-only slowdown: with FIBLAB_TEST_DELAY_US=d in the server's environment, every request
 * costs d µs more on the event loop (a busy wait before it is computed). compare's self-check
 * measures a server against such a copy of itself: a slowdown of known size that the statistics
 * must call significant, in the right direction.
 */
import type { ComputeStrategy } from './strategy.js';

const delayUs = Number.parseInt(process.env.FIBLAB_TEST_DELAY_US ?? '', 10);

function spin(us: number): void {
  const until = performance.now() + us / 1000;
  while (performance.now() < until) {
    // busy: the point is to cost CPU on the event loop, as work would
  }
}

/** `strategy` as it is, or slowed by FIBLAB_TEST_DELAY_US per request when that is set. */
export function withTestDelay(strategy: ComputeStrategy): ComputeStrategy {
  if (!(delayUs > 0)) return strategy;
  return {
    ...strategy,
    details: { ...strategy.details, testDelayUs: delayUs },
    connect() {
      const inner = strategy.connect();
      return {
        compute(n) {
          spin(delayUs);
          return inner.compute(n);
        },
        release: () => inner.release(),
      };
    },
  };
}
