/**
 * Test-only stall: with FIBLAB_TEST_STALL=<stall>/<period> (e.g. `100ms/1s`) in the server's
 * environment, the server's event loop is blocked for <stall> once every <period>, whatever the
 * requests. A server that stalls on purpose is how the open-loop load generator is shown to
 * count a stall for every request that should have been sent during it, where the closed loop
 * counts it once. Like FIBLAB_TEST_DELAY_US, nothing but tests sets it.
 */
import type { ComputeStrategy } from './strategy.js';

const STALL = /^(\d+(?:\.\d+)?)(ms|s)\/(\d+(?:\.\d+)?)(ms|s)$/;

/** `100ms/1s` → stall and period in ms; null when unset; throws on a malformed value. */
export function parseTestStall(text: string | undefined): { stallMs: number; periodMs: number } | null {
  if (text === undefined || text === '') return null;
  const match = STALL.exec(text.trim());
  const ms = (value: string | undefined, unit: string | undefined) =>
    Number(value) * (unit === 's' ? 1000 : 1);
  const stallMs = match === null ? Number.NaN : ms(match[1], match[2]);
  const periodMs = match === null ? Number.NaN : ms(match[3], match[4]);
  if (!(stallMs > 0 && periodMs > stallMs)) {
    throw new Error(
      `FIBLAB_TEST_STALL must be <stall>/<period> with the stall shorter, e.g. 100ms/1s, got '${text}'`,
    );
  }
  return { stallMs, periodMs };
}

function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: the point is that the event loop does nothing else meanwhile
  }
}

/** `strategy` as it is, or with the event loop of the process that made it stalling as FIBLAB_TEST_STALL says. */
export function withTestStall(strategy: ComputeStrategy): ComputeStrategy {
  const stall = parseTestStall(process.env.FIBLAB_TEST_STALL);
  if (stall === null) return strategy;
  const timer = setInterval(() => block(stall.stallMs), stall.periodMs);
  timer.unref(); // never what keeps a server alive
  return {
    ...strategy,
    details: { ...strategy.details, testStall: `${stall.stallMs}ms/${stall.periodMs}ms` },
    connect: () => strategy.connect(),
    close() {
      clearInterval(timer);
      return strategy.close();
    },
  };
}
