import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { fibReference } from '../ts/reference.js';
import { startLineServer } from './fixtures/line-server.js';
import { runLoadCli } from './fixtures/run-cli.js';

const seen = new Set<string>();
const server = await startLineServer({
  reply: (line) => {
    seen.add(line);
    return `${fibReference(Number(line))}\n`;
  },
});
after(() => server.close());

test('--mix 20x1,1x2 runs two groups and reports each on its own, plus the total', async () => {
  const result = await runLoadCli([
    '--port',
    String(server.port),
    '--mix',
    '20x1,1x2',
    '--warmup',
    '0.1',
    '--duration',
    '0.4',
    '--json',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.clients, 3);
  assert.deepEqual(
    report.groups.map((g: { name: string; n: number; clients: number }) => [g.name, g.n, g.clients]),
    [
      ['n=20 ×1', 20, 1],
      ['n=1 ×2', 1, 2],
    ],
  );
  for (const g of report.groups) {
    assert.ok(g.requests > 0, `${g.name} was served`);
    assert.equal(g.clientReports.length, g.clients);
  }
  assert.equal(report.total.requests, report.groups[0].requests + report.groups[1].requests);
  assert.equal(report.total.clients, 3);
  assert.deepEqual([...seen].sort(), ['1', '20'], 'each group sent its own n');
});

test('the human report has one block per group and an "All groups" block', async () => {
  const result = await runLoadCli([
    '--port',
    String(server.port),
    '--mix',
    '20x1,1x1',
    '--warmup',
    '0',
    '--duration',
    '0.3',
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^n=20 ×1 /m);
  assert.match(result.stdout, /^n=1 ×1 /m);
  assert.match(result.stdout, /^All groups$/m);
  assert.match(result.stdout, /shares the machine's \d+ cores with the server/);
});
