import { test } from 'node:test';
import { peerAvailability } from '../ts/variants/peers.js';
import { VARIANTS } from '../ts/variants/registry.js';
import { serverSuite } from './helpers/server-suite.js';

// The same behavioural suite as the TypeScript variants. CPython's fib(31) and Go's fib(38)
// each keep a core busy for a few hundred / ~100 ms.
for (const variant of VARIANTS) {
  if (variant.kind !== 'peer') continue;
  const availability = await peerAvailability(variant);
  if (!availability.ok) {
    test(`${variant.name}: skipped — ${availability.reason}`, { skip: availability.reason }, () => {});
    continue;
  }
  serverSuite({
    variant: variant.name,
    isolation: variant.isolation,
    longN: variant.language === 'go' ? 38 : 31,
  });
}
