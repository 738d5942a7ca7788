/**
 * `npm run test:slow`: the rest of the runtime support matrix, which every `npm test` does not
 * run (runtimes-server-suite.test.ts runs the floor): the behavioural server suite for every other
 * supported TypeScript variant on every installed runtime but the system Node, and the suite with
 * `--uv-threadpool-size 2` where the matrix says the flag works (see test/helpers/runtimes-suite.ts).
 */
import { describe } from 'node:test';
import { FLOOR_VARIANTS, runtimesServerSuite, watchdog } from '../helpers/runtimes-suite.js';

watchdog('runtimes-server-matrix', 6);
// Two servers at a time, as in server-variants.test.ts: the suite asserts order of arrival and
// reads each server's own CPU time, never durations.
describe('the rest of the runtime matrix', { concurrency: 2 }, () => {
  runtimesServerSuite({ variants: (name) => !FLOOR_VARIANTS.includes(name), threadpoolFlag: 'suite' });
});
