/**
 * FairQueue, the per-connection queues in front of every shared pool: at most `capacity` tasks
 * handed over at once, lanes served round-robin, a newcomer next after the running tasks, a
 * closed lane's queued tasks dropped (never started) while its running ones settle. Tasks here
 * are promises the test settles by hand, so every order is exact.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FairQueue, type Lane } from '../ts/compute/fair-queue.js';

/** Tasks that start when the queue says so and end when the test says so. */
class Tasks {
  readonly started: string[] = [];
  readonly #ends = new Map<string, { resolve(v: number): void; reject(e: unknown): void }>();

  /** Queues task `name` on `lane`; its promise settles with what the queue gives back. */
  run(lane: Lane, name: string): Promise<number> {
    return lane.run(() => {
      this.started.push(name);
      return new Promise<number>((resolve, reject) => this.#ends.set(name, { resolve, reject }));
    });
  }

  /** Ends a running task with `value`; lets the queue hand over the next one. */
  async end(name: string, value = 1): Promise<void> {
    const end = this.#ends.get(name);
    assert.ok(end, `task ${name} was never started`);
    end.resolve(value);
    await settled();
  }

  get running(): number {
    return this.#ends.size;
  }
}

/** Lets every promise callback already due run. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

test('at most `capacity` tasks run; the others wait for one to end', async () => {
  const queue = new FairQueue(2);
  const tasks = new Tasks();
  const lane = queue.lane();
  const results = ['a1', 'a2', 'a3', 'a4'].map((name) => tasks.run(lane, name));
  await settled();
  assert.deepEqual(tasks.started, ['a1', 'a2']);
  assert.equal(queue.running, 2);
  await tasks.end('a1', 10);
  assert.deepEqual(tasks.started, ['a1', 'a2', 'a3']);
  assert.equal(queue.running, 2);
  await tasks.end('a2', 20);
  await tasks.end('a3', 30);
  await tasks.end('a4', 40);
  assert.deepEqual(await Promise.all(results), [10, 20, 30, 40]);
  assert.equal(queue.running, 0);
});

test('lanes take turns: a newcomer waits for one round of the others, not for every queued task', async () => {
  const queue = new FairQueue(1);
  const tasks = new Tasks();
  const [a, b, c] = [queue.lane(), queue.lane(), queue.lane()];
  for (let i = 1; i <= 4; i++) void tasks.run(a, `a${i}`);
  for (let i = 1; i <= 2; i++) void tasks.run(b, `b${i}`);
  await settled();
  void tasks.run(c, 'c1');
  // a1 ran alone when a2 queued, so lane a's turn came first; then one task per lane in turn.
  const order = ['a1', 'a2', 'b1', 'c1', 'a3', 'b2', 'a4'];
  for (const name of order) await tasks.end(name);
  assert.deepEqual(tasks.started, order);
});

test('closing a lane drops its queued tasks unstarted; its running one settles; others go on', async () => {
  const queue = new FairQueue(1);
  const tasks = new Tasks();
  const [leaving, staying] = [queue.lane(), queue.lane()];
  const running = tasks.run(leaving, 'l1');
  const queued = [tasks.run(leaving, 'l2'), tasks.run(leaving, 'l3')];
  const other = tasks.run(staying, 's1');
  await settled();
  leaving.close();
  for (const result of await Promise.allSettled(queued)) {
    assert.equal(result.status, 'rejected');
    assert.match(String((result as PromiseRejectedResult).reason), /connection closed/);
  }
  await assert.rejects(tasks.run(leaving, 'l4'), /connection closed/, 'a closed lane takes no more work');
  await tasks.end('l1', 5);
  assert.equal(await running, 5, 'the running task is not the queue to stop (the pool cancels it)');
  await tasks.end('s1', 7);
  assert.equal(await other, 7);
  assert.deepEqual(tasks.started, ['l1', 's1'], 'no dropped task ever started');
});

test('a task that throws or rejects frees its place: the queue goes on', async () => {
  const queue = new FairQueue(1);
  const lane = queue.lane();
  const thrown = lane.run(() => {
    throw new Error('start failed');
  });
  const rejected = lane.run(() => Promise.reject(new Error('pool failed')));
  const next = lane.run(() => Promise.resolve(3));
  await assert.rejects(thrown, /start failed/);
  await assert.rejects(rejected, /pool failed/);
  assert.equal(await next, 3);
  assert.equal(queue.running, 0);
});

test('capacity Infinity hands everything over at once; a capacity below 1 is refused', async () => {
  const queue = new FairQueue(Number.POSITIVE_INFINITY);
  const tasks = new Tasks();
  const lane = queue.lane();
  for (let i = 1; i <= 5; i++) void tasks.run(lane, `t${i}`);
  await settled();
  assert.equal(tasks.running, 5);
  for (const capacity of [0, -1, Number.NaN]) assert.throws(() => new FairQueue(capacity), RangeError);
});
