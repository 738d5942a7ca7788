/**
 * Test-only fault injection: with FIBLAB_TEST_CRASH_N=k (or a range, k-m) in the server's
 * environment, a pool worker (thread or child process) asked for fib(k) (any n from k to m)
 * exits at once, as a crashing worker would. A test cannot kill a thread from outside, and
 * killing a child by PID races with whether it has started the request; this makes "dies
 * mid-request" deterministic, and a range makes "was this n offloaded?" a visible answer.
 */
const [crashFrom, crashTo = crashFrom] = (process.env.FIBLAB_TEST_CRASH_N ?? '')
  .split('-')
  .map((part) => Number.parseInt(part, 10));

/** Ends the current worker thread if fault injection says so for this n; else does nothing. */
export function crashIfTold(n: number): void {
  if (n >= (crashFrom as number) && n <= (crashTo as number)) process.exit(70);
}
