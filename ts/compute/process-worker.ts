/** Child-process entry of `process-pool`: workerpool calls `fib` over IPC. */
import { fibUnchecked } from '../fib.js';
import { crashIfTold } from './fault-injection.js';

// Bun defines the Web Worker globals (self, postMessage, addEventListener) in every process, so
// workerpool's worker would take this child for a browser worker and never answer over IPC.
if (typeof process.send === 'function') Reflect.deleteProperty(globalThis, 'postMessage');
const { default: workerpool } = await import('workerpool');

// A terminal's Ctrl-C reaches the whole process group, this child too; the server stops it
// (workerpool's terminate) once the requests in flight are answered, so it must not die of it.
process.on('SIGINT', () => {});

workerpool.worker({
  fib(n: number): number {
    crashIfTold(n);
    return fibUnchecked(n);
  },
});
