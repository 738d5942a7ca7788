import assert from 'node:assert/strict';
import { descendants, type TestServer } from './server-process.js';
import { waitUntil } from './wait-until.js';

/**
 * Kills one of a two-worker cluster's workers, waits (bounded) for the primary to fork a new
 * one, then asks fib(20) on six fresh connections: `askFib20` opens one, asks, closes, and
 * returns the reply (the transport's own client: TCP or HTTP).
 */
export async function killWorkerThenServe(server: TestServer, askFib20: () => Promise<string | undefined>) {
  const before = descendants(server.pid);
  assert.equal(before.length, 2, 'two cluster workers');
  process.kill(before[0] as number, 'SIGKILL');
  const reforked = await waitUntil(
    () => descendants(server.pid).filter((pid) => !before.includes(pid)).length === 1,
    10_000,
  );
  assert.ok(reforked, 'no new worker was forked within 10 s of the kill');
  for (let i = 0; i < 6; i++) assert.equal(await askFib20(), '6765', `connection ${i + 1} after the re-fork`);
  // Stopped at once, the new worker too, even if it is still starting: not after the 5 s
  // --shutdown-timeout and the SIGKILL that follows it (a stop message sent before the new
  // worker listened for it was lost). A normal stop takes tens of ms.
  const asked = performance.now();
  assert.equal(await server.stop(), 0, 'exit 0');
  const tookMs = performance.now() - asked;
  assert.ok(
    tookMs < 3000,
    `the stop took ${Math.round(tookMs)} ms: a worker waited out the shutdown timeout`,
  );
}
