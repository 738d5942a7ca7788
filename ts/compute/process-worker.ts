/** Child-process entry of `process-pool`: workerpool calls `fib` over IPC. */
import workerpool from 'workerpool';
import { fibUnchecked } from '../fib.js';
import { crashIfTold } from './fault-injection.js';

workerpool.worker({
  fib(n: number): number {
    crashIfTold(n);
    return fibUnchecked(n);
  },
});
