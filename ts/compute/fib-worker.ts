/** The `pool` strategy's task, loaded in each thread by fib-worker-entry.cts, called per task. */
import { fibUnchecked } from '../fib.js';
import { crashIfTold } from './fault-injection.js';

export default function fib(n: number): number {
  crashIfTold(n);
  return fibUnchecked(n);
}
