/**
 * Live progress over several load hosts. Each host's part samples its own rate once a second
 * from the one agreed start, so every host's sample of second k covers the same second; once all
 * of them are in, their rates are added into one sample of the whole run. A second some host
 * skipped (its line late past the next) is not shown: a partial sum would look like a drop.
 */
import type { ProgressSample } from './types.js';

/** Takes host `index`'s samples; calls `onProgress` with the whole run's, second by second. */
export function progressMerger(
  hosts: number,
  onProgress: (sample: ProgressSample) => void,
): (index: number, sample: ProgressSample) => void {
  const seconds = new Map<number, Map<number, ProgressSample>>();
  let shown = 0;
  return (index, sample) => {
    const second = Math.round(sample.elapsedS);
    if (second <= shown) return;
    const samples = seconds.get(second) ?? new Map<number, ProgressSample>();
    seconds.set(second, samples.set(index, sample));
    if (samples.size < hosts) return;
    const all = [...samples.values()];
    onProgress({
      phase: all.some((s) => s.phase === 'warm-up') ? 'warm-up' : 'measuring',
      elapsedS: Math.max(...all.map((s) => s.elapsedS)),
      totalS: sample.totalS,
      reqPerSec: all.reduce((sum, s) => sum + s.reqPerSec, 0),
    });
    shown = second;
    for (const earlier of seconds.keys()) if (earlier <= second) seconds.delete(earlier);
  };
}
