import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { formatLoadReport, runLoad } from '../dist/load/index.js';
import { startLineServer } from './fixtures/line-server.js';
import { startServer } from './helpers/server-process.js';

// The seed's one_server: a second client is accepted by the kernel but never read while the first stays.
const server = await startLineServer({ oneAtATime: true });
after(() => server.close());

test('a client the server never answers is reported as not served, not as a slow one', async () => {
  const report = await runLoad({
    groups: [{ n: 1, clients: 2 }],
    ports: [server.port],
    warmupS: 0.1,
    durationS: 0.4,
    graceS: 0.2, // the starved client's request never completes: the grace bounds the wait for it
  });
  const group = report.groups[0];
  assert.ok(group !== undefined);
  assert.equal(group.notServed, 1);
  assert.equal(group.repliesPerClient.min, 0);
  assert.ok(group.repliesPerClient.max > 0);
  const starved = group.clientReports.filter((c) => c.state === 'connected' && c.replies === 0);
  assert.equal(starved.length, 1);
  assert.equal(
    starved[0]?.state === 'connected' && starved[0].unfinished,
    true,
    'its request is still in flight',
  );
  assert.ok(report.warnings.some((w) => w.code === 'not-served'));
  assert.match(formatLoadReport(report), /Not served\s+1 of 2\s+← NOT SERVED/);
});

test('against the real sequential server, the second client gets no reply of any kind: not served', async () => {
  const server = await startServer('sequential');
  try {
    const report = await runLoad({
      groups: [{ n: 1, clients: 2 }],
      ports: [server.port],
      warmupS: 0.1,
      durationS: 0.4,
      graceS: 0.2,
    });
    const group = report.groups[0];
    assert.ok(group !== undefined);
    assert.equal(group.notServed, 1);
    assert.equal(group.errors, 0, 'sequential does not refuse: it leaves the second client waiting');
    assert.ok(report.warnings.some((w) => w.code === 'not-served' && /no reply of any kind/.test(w.message)));
  } finally {
    await server.stop();
  }
});
