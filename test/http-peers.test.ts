/**
 * The HTTP behavioural suite for the peers that speak HTTP (Go's net/http; Python's http.server
 * in every mode but async, whose standard library has no HTTP server): peers.test.ts is the same
 * over the line protocol. The long request is measured for each language (work-size.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { peerAvailability } from '../ts/variants/peers.js';
import { VARIANTS } from '../ts/variants/registry.js';
import { runCli } from './fixtures/run-cli.js';
import { httpSuite } from './helpers/http-suite.js';
import { suiteLongN } from './helpers/work-size.js';

for (const variant of VARIANTS) {
  if (variant.kind !== 'peer') continue;
  const availability = await peerAvailability(variant);
  if (!availability.ok) {
    test(`${variant.name} over HTTP: skipped — ${availability.reason}`, {
      skip: availability.reason,
    }, () => {});
    continue;
  }
  if (variant.mode === 'async') {
    test('py-async over HTTP is refused with the reason (exit 3), not started as something else', async () => {
      const result = await runCli(['serve', '--variant', 'py-async', '--transport', 'http', '--port', '0']);
      assert.equal(result.code, 3, result.stderr);
      assert.match(
        result.stderr,
        /not available over HTTP: asyncio has no HTTP server in the standard library/,
      );
    });
    continue;
  }
  httpSuite({
    variant: variant.name,
    isolation: variant.isolation,
    longN: suiteLongN(variant.language === 'go' ? 'go' : 'python'),
    // Go's net/http Shutdown answers what is in flight; the Python peers exit at once by design.
    shutdown: variant.language === 'go' ? 'graceful' : 'immediate',
  });
}
