/**
 * One child of `npm run soak:pool-stops`: the real `pool` strategy started and closed once per
 * delay given (ms, comma-separated), each cycle asking fib(22) and fib(1) and checking them.
 * Plain JavaScript on purpose: the pool's threads inherit this process's flags, and a loader
 * such as tsx in every thread would move the moment under test.
 */
import { createPoolStrategy } from '../dist/compute/pool.js';
import { fibUnchecked } from '../dist/fib.js';

const delays = (process.argv[2] ?? '').split(',').map(Number);
// Four threads (on any machine): more of them still starting when a cycle closes the pool.
for (const delay of delays) {
  const strategy = createPoolStrategy({ workers: 4, maxPendingPerConnection: 4 });
  const connection = strategy.connect();
  for (const n of [22, 1]) {
    const value = await connection.compute(n);
    if (value !== fibUnchecked(n)) throw new Error(`fib(${n}) came back as ${value}`);
  }
  await new Promise((resolve) => setTimeout(resolve, delay));
  connection.release();
  await strategy.close();
}
