import { test } from 'node:test';
import { peerAvailability } from '../ts/variants/peers.js';
import { VARIANTS } from '../ts/variants/registry.js';
import { serverSuite } from './helpers/server-suite.js';
import { suiteLongN } from './helpers/work-size.js';

// The same behavioural suite as the TypeScript variants, with a long request measured for each
// language (work-size.ts).
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
    longN: suiteLongN(variant.language === 'go' ? 'go' : 'python'),
  });
}
