import { VARIANTS } from '../ts/variants/registry.js';
import { serverSuite } from './helpers/server-suite.js';
import { suiteLongN } from './helpers/work-size.js';

// The long request's n is measured here (work-size.ts): the addon is ~3× faster than JS.
for (const variant of VARIANTS) {
  if (variant.kind !== 'ts') continue;
  const longN = suiteLongN(variant.strategy.startsWith('native') ? 'native' : 'js');
  serverSuite({ variant: variant.name, isolation: variant.isolation, longN });
}
