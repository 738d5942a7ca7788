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

/** `promise`, or a rejection with `message` once `ms` have passed without it settling: a bound on a wait that names it. */
export function settledWithin<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
