/**
 * A load host's clock against this machine's, measured over the connection the host's generator
 * already talks on: this side notes the time, asks, and notes the time of the answer; the host's
 * reading is taken to be halfway through. As NTP does, the sample with the shortest round trip
 * wins (the least queued), and half of that round trip bounds the error.
 */

/** One exchange: this machine's clock when asked and answered, the host's reading in between (ms). */
export interface ClockSample {
  sentAt: number;
  remote: number;
  receivedAt: number;
}

/** The host's clock minus this one's, ms, and the most that can be wrong by. */
export interface ClockOffset {
  offsetMs: number;
  errorMs: number;
}

/** How many exchanges a host's offset is measured with. */
export const CLOCK_SAMPLES = 8;

/** Wall-clock ms since the epoch, to the µs, and steady for the life of the process. */
export const preciseNow = (): number => performance.timeOrigin + performance.now();

/** The offset from the exchange with the shortest round trip. */
export function clockOffset(samples: readonly ClockSample[]): ClockOffset {
  let best: ClockSample | undefined;
  for (const s of samples) {
    if (best === undefined || s.receivedAt - s.sentAt < best.receivedAt - best.sentAt) best = s;
  }
  if (best === undefined) throw new Error('no clock sample');
  return {
    offsetMs: best.remote - (best.sentAt + best.receivedAt) / 2,
    errorMs: (best.receivedAt - best.sentAt) / 2,
  };
}
