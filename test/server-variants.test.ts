import { describe } from 'node:test';
import { VARIANTS } from '../ts/variants/registry.js';
import { serverSuite } from './helpers/server-suite.js';
import { suiteLongN } from './helpers/work-size.js';

// Two servers at a time: the suite asserts order of arrival and reads each server's own CPU time
// (cpu-evidence.ts), never durations, so a neighbour's load changes how long it takes, not what holds.
describe('every TypeScript variant over TCP', { concurrency: 2 }, () => {
  // The long request's n is measured here (work-size.ts): the addon is ~3× faster than JS.
  for (const variant of VARIANTS) {
    if (variant.kind !== 'ts') continue;
    const longN = suiteLongN(variant.strategy.startsWith('native') ? 'native' : 'js');
    serverSuite({ variant: variant.name, isolation: variant.isolation, longN });
  }
});
