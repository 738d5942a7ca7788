import { VARIANTS } from '../ts/variants/registry.js';
import { httpSuite } from './helpers/http-suite.js';
import { suiteLongN } from './helpers/work-size.js';

// The behavioural suite over HTTP for every TypeScript variant (server-variants.test.ts: over TCP).
// The long request's n is measured here (work-size.ts): the addon is ~3× faster than JS.
for (const variant of VARIANTS) {
  if (variant.kind !== 'ts') continue;
  const longN = suiteLongN(variant.strategy.startsWith('native') ? 'native' : 'js');
  httpSuite({ variant: variant.name, isolation: variant.isolation, longN });
}
