import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoadError, LoadErrorCodes, runLoad } from '../dist/load/index.js';
import { closedPort } from './fixtures/line-server.js';
import { runLoadCli } from './fixtures/run-cli.js';

test('with nothing listening, fiblab load says so and exits 1 (well before the run would end)', async () => {
  const port = await closedPort();
  // Duration 600 s: only the connect check can end this within the CLI helper's time limit.
  const result = await runLoadCli(['--port', String(port), '--duration', '600']);
  assert.equal(result.signal, null, 'it did not hang');
  assert.equal(result.code, 1);
  assert.equal(result.stderr, `fiblab load: cannot connect to 127.0.0.1:${port}: ECONNREFUSED\n`);
  assert.equal(result.stdout, '');
});

test('runLoad rejects with ERR_LOAD_CONNECT when no client can connect', async () => {
  const port = await closedPort();
  await assert.rejects(
    runLoad({ groups: [{ n: 1, clients: 2 }], ports: [port], durationS: 600 }),
    (error: unknown) => isLoadError(error, LoadErrorCodes.CONNECT) && /ECONNREFUSED/.test(error.message),
  );
});
