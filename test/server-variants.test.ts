import { VARIANTS } from '../ts/server/variants.js';
import { serverSuite } from './helpers/server-suite.js';

// JS fib(34) keeps a core busy for ~100 ms; the addon is ~4× faster, so it gets n=37.
for (const variant of VARIANTS) {
  if (variant.kind !== 'ts') continue;
  const longN = variant.strategy.startsWith('native') ? 37 : 34;
  serverSuite({ variant: variant.name, isolation: variant.isolation, longN });
}
