/** Worker-thread entry of `worker-per-connection`: answers `n` with fib(n), in order. */
import { parentPort } from 'node:worker_threads';
import { fibUnchecked } from '../fib.js';
import { crashIfTold } from './fault-injection.js';

const port = parentPort;
if (port === null) throw new Error('connection-worker.js must run in a worker thread');
port.on('message', (n: number) => {
  crashIfTold(n);
  port.postMessage(fibUnchecked(n));
});
