/**
 * The behavioural server suite on every installed runtime other than the system Node, for the
 * runtimes issue's floor (event-loop, pool, native-async: they must run everywhere), and the
 * cells that must refuse `--uv-threadpool-size`. Every other supported cell of the matrix is run
 * by test/slow/runtimes-server-matrix.test.ts (`npm run test:slow`): see test/helpers/runtimes-suite.ts.
 */
import { FLOOR_VARIANTS, runtimesServerSuite, watchdog } from './helpers/runtimes-suite.js';

watchdog('runtimes-server-suite', 4);
runtimesServerSuite({ variants: (name) => FLOOR_VARIANTS.includes(name), threadpoolFlag: 'refused' });
