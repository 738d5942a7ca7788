/**
 * Live progress over load hosts: each host's part sends its own rate once a second from the
 * agreed start, and the run shows their sum second by second. The adding is checked on its own,
 * then a real run over two `local` hosts (two generator processes) against a real server.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressMerger } from '../ts/load/host-progress.js';
import { runLoadOnHosts } from '../ts/load/load-hosts.js';
import type { ProgressSample } from '../ts/load/types.js';
import { PROJECT_ROOT } from '../ts/runtimes/registry.js';
import { startServer } from './helpers/server-process.js';

const sample = (elapsedS: number, reqPerSec: number, phase: ProgressSample['phase'] = 'measuring') => ({
  phase,
  elapsedS,
  totalS: 5,
  reqPerSec,
});

test('the hosts’ samples of one second are added; a second some host did not send, or sent late, is not shown', () => {
  const shown: ProgressSample[] = [];
  const merge = progressMerger(2, (s) => shown.push(s));
  merge(0, sample(1.002, 100, 'warm-up'));
  assert.equal(shown.length, 0, 'one host of two');
  merge(1, sample(0.998, 50));
  assert.deepEqual(shown, [{ phase: 'warm-up', elapsedS: 1.002, totalS: 5, reqPerSec: 150 }]);
  merge(0, sample(2.001, 100)); // host 1's second 2 comes after its second 3
  merge(0, sample(3.001, 100));
  merge(1, sample(3.0, 70));
  merge(1, sample(2.0, 60));
  merge(0, sample(3.002, 100)); // second 3 again
  assert.deepEqual(
    shown.map((s) => [Math.round(s.elapsedS), s.reqPerSec]),
    [
      [1, 150],
      [3, 170],
    ],
  );
});

test('a run over two local load hosts shows the whole run’s rate once a second', {
  timeout: 60_000,
}, async () => {
  const server = await startServer('event-loop');
  try {
    const samples: ProgressSample[] = [];
    const local = { destination: 'local', dir: PROJECT_ROOT };
    const report = await runLoadOnHosts(
      {
        // Open loop: 400 req/s in all, 200 from each host, whatever this shared machine's speed.
        groups: [{ n: 1, clients: 4, rate: 400 }],
        ports: [server.port],
        warmupS: 0.5,
        durationS: 3,
        graceS: 0.5,
        onProgress: (s) => samples.push(s),
      },
      { hosts: [local, local], localDir: PROJECT_ROOT },
    );
    assert.equal(report.loadHosts?.hosts.length, 2);
    const seen = samples
      .map((s) => `${s.elapsedS.toFixed(2)} s ${s.phase} ${Math.round(s.reqPerSec)}`)
      .join('; ');
    // One a second over 3.5 s: seconds 1, 2 and 3 (a late line of a busy machine may cost one).
    assert.ok(samples.length >= 2 && samples.length <= 3, seen);
    assert.ok(
      samples.every((s, i) => s.totalS === 3.5 && s.elapsedS > (samples[i - 1]?.elapsedS ?? 0)),
      seen,
    );
    // Past the warm-up the line shows the run's 400 req/s, not one host's 200.
    const rates = samples.filter((s) => s.phase === 'measuring').map((s) => s.reqPerSec);
    const median = [...rates].sort((a, b) => a - b)[rates.length >> 1] ?? 0;
    assert.ok(
      median > 300 && median < 500,
      `shown ${seen}; the run's ${Math.round(report.total.reqPerSec)} req/s`,
    );
  } finally {
    await server.stop();
  }
});
