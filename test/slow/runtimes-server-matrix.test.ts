/**
 * `npm run test:slow`: the rest of the runtime support matrix, which every `npm test` does not
 * run (runtimes-server-suite.test.ts runs the floor): the behavioural server suite for every other
 * supported TypeScript variant on every installed runtime but the system Node, and the suite with
 * `--uv-threadpool-size 2` where the matrix says the flag works (see test/helpers/runtimes-suite.ts).
 */
import { FLOOR_VARIANTS, runtimesServerSuite, watchdog } from '../helpers/runtimes-suite.js';

watchdog('runtimes-server-matrix', 6);
runtimesServerSuite({ variants: (name) => !FLOOR_VARIANTS.includes(name), threadpoolFlag: 'suite' });
