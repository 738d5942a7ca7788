import { VARIANTS } from '../ts/variants/registry.js';
import { serverSuite } from './helpers/server-suite.js';

// JS fib(35) keeps a core busy for ~100 ms; the addon is ~3× faster, so it gets n=38.
for (const variant of VARIANTS) {
  if (variant.kind !== 'ts') continue;
  const longN = variant.strategy.startsWith('native') ? 38 : 35;
  serverSuite({ variant: variant.name, isolation: variant.isolation, longN });
}
