/** Live progress: the once-a-second sampler of the workers' counters, and its one-line TTY rendering. */
import type { LiveCounters } from './live-counters.js';
import type { ProgressSample } from './types.js';

const SAMPLE_EVERY_MS = 1000;

/** Calls `onProgress` about once a second until the returned function is called. */
export function startProgress(
  counters: LiveCounters,
  warmupS: number,
  durationS: number,
  onProgress: (sample: ProgressSample) => void,
): () => void {
  const startedAt = performance.now();
  let lastAt = startedAt;
  let lastTotal = counters.total();
  const timer = setInterval(() => {
    const now = performance.now();
    const total = counters.total();
    const elapsedS = (now - startedAt) / 1000;
    onProgress({
      phase: elapsedS < warmupS ? 'warm-up' : 'measuring',
      elapsedS,
      totalS: warmupS + durationS,
      // Counters wrap at 2^32; the unsigned difference stays right across one wrap.
      reqPerSec: ((total - lastTotal) >>> 0) / ((now - lastAt) / 1000),
    });
    lastAt = now;
    lastTotal = total;
  }, SAMPLE_EVERY_MS);
  return () => clearInterval(timer);
}

/** A progress line rewritten in place on a terminal, like perf2.py's one rate per second; `done()` erases it. */
export function ttyProgress(stream: NodeJS.WriteStream): {
  update(sample: ProgressSample): void;
  done(): void;
} {
  let drawn = false;
  return {
    update(sample) {
      const left = Math.max(0, sample.totalS - sample.elapsedS);
      const rate = Math.round(sample.reqPerSec).toLocaleString('en-US');
      stream.write(
        `\r\x1b[2K${sample.phase.padEnd(9)} ${rate.padStart(9)} req/s   ${left.toFixed(0)} s left`,
      );
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
