/**
 * How a shutdown makes sure it has read what clients sent before the signal. A busy event loop
 * (a fib on it, or just a burst of work) leaves requests in the kernel: bytes of accepted
 * connections, and connections the kernel has established that the server has not accepted
 * yet. Closing then would drop them without a reply (a closed listener resets its queue). The
 * event loop's I/O poll is level-triggered: one poll reads every socket that holds bytes, but
 * libuv accepts only ONE connection per poll, so the listener stays open until a whole poll
 * has passed without a new connection.
 */
import type { Server } from 'node:net';

/** Runs `then` once the event loop has polled for I/O at least once since the call. */
export function afterNextPoll(then: () => void): void {
  // From the poll phase, the first immediate runs before the next poll and the second after it;
  // from any other phase, later still.
  setImmediate(() => setImmediate(then));
}

/** {@link afterNextPoll} as a promise. */
export const nextPoll = (): Promise<void> => new Promise((resolve) => afterNextPoll(resolve));

/**
 * Resolves once `server` has gone a whole poll without accepting a connection: the kernel's
 * queue of established connections, all of which came before the call or during it, is empty.
 * Gives up after `withinMs` (a client that keeps connecting cannot hold a shutdown open).
 */
export async function acceptQueued(server: Server, withinMs: number): Promise<void> {
  let accepted = 0;
  const count = () => {
    accepted++;
  };
  server.on('connection', count);
  try {
    for (const deadline = performance.now() + withinMs; performance.now() < deadline; ) {
      const before = accepted;
      await nextPoll();
      if (accepted === before) return;
    }
  } finally {
    server.off('connection', count);
  }
}
