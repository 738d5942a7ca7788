import { setTimeout as delay } from 'node:timers/promises';

/**
 * Checks `condition` every `everyMs` until it holds or `withinMs` has passed; resolves with
 * whether it held. For states a test can only observe from outside (/proc), never as a sleep.
 */
export async function waitUntil(condition: () => boolean, withinMs: number, everyMs = 20): Promise<boolean> {
  for (const deadline = Date.now() + withinMs; !condition(); await delay(everyMs)) {
    if (Date.now() > deadline) return false;
  }
  return true;
}
