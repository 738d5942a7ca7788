import { VARIANTS } from '../ts/variants/registry.js';
import { httpSuite } from './helpers/http-suite.js';

// The behavioural suite over HTTP for every TypeScript variant (server-variants.test.ts: over TCP).
// JS fib(35) keeps a core busy for ~100 ms; the addon is ~3× faster, so it gets n=38.
for (const variant of VARIANTS) {
  if (variant.kind !== 'ts') continue;
  const longN = variant.strategy.startsWith('native') ? 38 : 35;
  httpSuite({ variant: variant.name, isolation: variant.isolation, longN });
}
