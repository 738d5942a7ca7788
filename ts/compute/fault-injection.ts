/**
 * Test-only fault injection: with FIBLAB_TEST_CRASH_N=k in the server's environment, a pool
 * worker (thread or child process) asked for fib(k) exits at once, as a crashing worker would.
 * A test cannot kill a thread from outside, and killing a child by PID races with whether it
 * has started the request; this makes "dies mid-request" deterministic.
 */
const crashN = Number.parseInt(process.env.FIBLAB_TEST_CRASH_N ?? '', 10);

/** Ends the current worker thread if fault injection says so for this n; else does nothing. */
export function crashIfTold(n: number): void {
  if (n === crashN) process.exit(70);
}
