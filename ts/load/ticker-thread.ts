/**
 * The ticker thread (see ticker.ts): sleeps until the earliest due time any client worker has
 * published, wakes that worker, and sleeps again. It wakes each worker once per published due
 * time and then leaves it out of its plan until the worker publishes again.
 */
import { workerData } from 'node:worker_threads';
import { sharedNow as now, SEQ, STOP, TICKS, type TickerMemory, WAKE_AT } from './ticker.js';

const memory = workerData as TickerMemory;
const due = new Float64Array(memory.due);
const ctrl = new Int32Array(memory.ctrl);
/** The due time each worker was last woken for. */
const woken = new Float64Array(memory.workers).fill(Number.NaN);

while (Atomics.load(ctrl, STOP) === 0) {
  // Read SEQ before the due times: a worker that publishes after this makes the wait return at once.
  const seq = Atomics.load(ctrl, SEQ);
  const at = now();
  let next = Number.POSITIVE_INFINITY;
  for (let slot = 0; slot < memory.workers; slot++) {
    const time = due[1 + slot] as number;
    if (time <= at) {
      if (woken[slot] !== time) {
        woken[slot] = time;
        Atomics.add(ctrl, TICKS + slot, 1);
        Atomics.notify(ctrl, TICKS + slot);
      }
    } else if (time < next) next = time;
  }
  due[WAKE_AT] = next;
  if (next === Number.POSITIVE_INFINITY) Atomics.wait(ctrl, SEQ, seq);
  else {
    const wait = next - now();
    if (wait > 0) Atomics.wait(ctrl, SEQ, seq, wait);
  }
}
