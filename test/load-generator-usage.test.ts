/**
 * The load generator's own event-loop utilisation, measured in real runs: always within 0..1,
 * low for a light run (which must not be called saturated), and near 1 for a worker kept busy by
 * replies it has to scan byte by byte (which must be).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runLoad } from '../dist/load/index.js';
import { startLineServer } from './fixtures/line-server.js';
import { runLoadCli } from './fixtures/run-cli.js';
import { startServer } from './helpers/server-process.js';

const inRange = (u: number) => Number.isFinite(u) && u > 0 && u <= 1;

test('--mix 30x1,1x1 against the event-loop server: utilisations within 0..1 and low, no saturation warning', async () => {
  // The run: fib(30) holds the server's one thread, so both clients mostly wait. No
  // warm-up: the workers finish right as the window closes, which is when reading their
  // utilisation from the main thread gave 0 or more than 1.
  const server = await startServer('event-loop');
  try {
    for (let run = 0; run < 3; run++) {
      const result = await runLoadCli([
        `127.0.0.1:${server.port}`,
        '--mix',
        '30x1,1x1',
        '--warmup',
        '0',
        '-d',
        '600ms',
        '--json',
      ]);
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout);
      const usage = report.loadGenerator;
      assert.equal(usage.workers, 2);
      assert.equal(usage.eventLoopUtilization.length, 2);
      for (const u of usage.eventLoopUtilization) {
        assert.ok(inRange(u), `utilisation ${u} is within (0, 1]`);
        assert.ok(u < 0.5, `a worker that mostly waits is not busy (${u})`);
      }
      assert.ok(usage.cpuPercent >= 0 && usage.cpuPercent <= 100 * usage.cores, `CPU ${usage.cpuPercent} %`);
      const codes = report.warnings.map((w: { code: string }) => w.code);
      assert.ok(!codes.includes('load-generator-saturated'), `warnings: ${codes.join(', ')}`);
      assert.doesNotMatch(result.stdout, /saturated/);
    }
  } finally {
    await server.stop();
  }
});

// Every reply is a 1 MiB ERR line that the client checks byte by byte in JavaScript. Eight such
// connections on one worker thread keep megabytes waiting in its sockets, so it never idles even
// when a busy machine deschedules the server for a while.
const flood = `ERR EBUSY ${'x'.repeat(1 << 20)}\n`;
const flooding = await startLineServer({ reply: () => flood });
after(() => flooding.close());

test('a generator worker that never idles is reported saturated, its utilisation still at most 1', async () => {
  const report = await runLoad({
    groups: [{ n: 1, clients: 8 }],
    ports: [flooding.port],
    workers: 1,
    warmupS: 0.2,
    durationS: 0.6,
  });
  const [u] = report.loadGenerator.eventLoopUtilization;
  assert.ok(u !== undefined && inRange(u), `utilisation ${u} is within (0, 1]`);
  assert.ok(u > 0.9, `the worker was busy (${u})`);
  assert.ok(report.total.errors > 0, 'the replies were read');
  assert.ok(report.warnings.some((w) => w.code === 'load-generator-saturated'));
});
