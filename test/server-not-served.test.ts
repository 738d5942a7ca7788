/**
 * "Not served" against the real one-at-a-time servers, measured by `fiblab load` as a user
 * runs it: of two clients, the second is connected and never answered while the first stays.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { peerAvailability } from '../ts/variants/peers.js';
import { findVariant, type PeerVariant } from '../ts/variants/registry.js';
import { runLoadCli } from './fixtures/run-cli.js';
import { startServer } from './helpers/server-process.js';

const pyOne = findVariant('py-one') as PeerVariant;
const pyOneAvailability = await peerAvailability(pyOne);

for (const [variant, skip] of [
  ['sequential', false],
  ['py-one', pyOneAvailability.ok ? false : pyOneAvailability.reason],
] as const) {
  test(`fiblab load against ${variant}: 1 of 2 clients not served, and said so`, { skip }, async (t) => {
    const server = await startServer(variant);
    t.after(() => server.stop());
    const { code, stdout, stderr } = await runLoadCli([
      ...['--port', String(server.port), '--clients', '2', '--n', '1'],
      ...['--warmup', '0.1', '--duration', '0.5', '--grace', '0.3', '--json'],
    ]);
    assert.equal(code, 0, `exit status (stderr: ${stderr.trim()})`);
    const report = JSON.parse(stdout) as {
      groups: Array<{ notServed: number; repliesPerClient: { min: number; max: number } }>;
      warnings: Array<{ code: string }>;
    };
    const group = report.groups[0];
    assert.equal(group?.notServed, 1, 'one client connected and never answered');
    assert.equal(group?.repliesPerClient.min, 0);
    assert.ok((group?.repliesPerClient.max ?? 0) > 0, 'the other client was served');
    assert.ok(
      report.warnings.some((w) => w.code === 'not-served'),
      'a not-served warning',
    );
  });
}
