/** Worker-thread entry of the `pool` strategy: piscina calls the default export per task. */
import { fibUnchecked } from '../fib.js';
import { crashIfTold } from './fault-injection.js';

export default function fib(n: number): number {
  crashIfTold(n);
  return fibUnchecked(n);
}
