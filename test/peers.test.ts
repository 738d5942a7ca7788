import { describe, test } from 'node:test';
import type { Availability } from '../ts/availability.js';
import { peerAvailability } from '../ts/variants/peers.js';
import { type PeerVariant, VARIANTS } from '../ts/variants/registry.js';
import { serverSuite } from './helpers/server-suite.js';
import { suiteLongN } from './helpers/work-size.js';

// One after another, as before (a peer's availability may build it).
const peers: Array<{ variant: PeerVariant; availability: Availability }> = [];
for (const variant of VARIANTS)
  if (variant.kind === 'peer') peers.push({ variant, availability: await peerAvailability(variant) });

// The same behavioural suite as the TypeScript variants, with a long request measured for each
// language (work-size.ts); two servers at a time as in server-variants.test.ts.
describe('every reference peer over TCP', { concurrency: 2 }, () => {
  for (const { variant, availability } of peers) {
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
});
