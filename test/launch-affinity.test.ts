/** CPU affinity: lists parsed and refused with reasons; a child started through it, and a pinned running process, get the CPUs asked for. */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { promisify } from 'node:util';
import fc from 'fast-check';
import {
  allowedCpus,
  findTaskset,
  formatCpuList,
  parseCpuList,
  pinProcess,
  planAffinity,
  threadAffinities,
  withAffinity,
} from '../ts/launch/affinity.js';
import { skipUnlessTool } from './helpers/needs-tool.js';

const taskset = findTaskset();
const cpus = allowedCpus();
const cannotPin =
  taskset === undefined
    ? skipUnlessTool('taskset', 'taskset (util-linux) is not installed')
    : cpus.length < 2
      ? `this machine lets the test use ${cpus.length} CPU`
      : threadAffinities(process.pid) === undefined
        ? 'no /proc to read affinities from'
        : false;
/** The last CPU this process may use: not all of them, so pinning is visible. */
const lastCpu = cpus[cpus.length - 1] as number;

test('CPU lists: ranges and single CPUs, sorted and each once', () => {
  assert.deepEqual(parseCpuList('0-3,6'), [0, 1, 2, 3, 6]);
  assert.deepEqual(parseCpuList(' 6, 0-1 ,1'), [0, 1, 6]);
  assert.deepEqual(parseCpuList('5-5'), [5]);
  assert.equal(formatCpuList([6, 0, 1, 2, 3]), '0-3,6');
  assert.equal(formatCpuList([1, 3, 5]), '1,3,5');
});

test('property: formatting and parsing a CPU list give back the same CPUs', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 40 }), (list) => {
      assert.deepEqual(
        parseCpuList(formatCpuList(list)),
        [...list].sort((a, b) => a - b),
      );
    }),
  );
});

test('malformed CPU lists are refused with ERR_AFFINITY_LIST naming the flag', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /it is empty/],
    ['0-3,', /'' is neither/],
    ['a', /'a' is neither/],
    ['-1', /'-1' is neither/],
    ['3-1', /the range 3-1 runs backwards/],
    ['0-9000', /CPU numbers go up to 8191/],
    ['1.5', /'1.5' is neither/],
  ];
  for (const [text, why] of cases) {
    assert.throws(
      () => parseCpuList(text, 'server-cpus'),
      (error: Error & { code?: string }) =>
        error.code === 'ERR_AFFINITY_LIST' &&
        /^--server-cpus must be a CPU list/.test(error.message) &&
        why.test(error.message),
      text,
    );
  }
});

test('plans are refused with a reason: too few CPUs, a CPU the machine does not have, overlapping sets', () => {
  assert.deepEqual(planAffinity('0-7', '8-15', parseCpuList('0-15')), {
    server: [0, 1, 2, 3, 4, 5, 6, 7],
    load: [8, 9, 10, 11, 12, 13, 14, 15],
  });
  const refusals: Array<[string, string, number[], RegExp]> = [
    ['0', '0', [0], /lets fiblab use 1 CPU \(0\); separate server and load CPUs need at least 2/],
    ['0-7', '8-15', [0, 1], /--server-cpus: CPU 2-7 is not available here \(this process may use 0-1\)/],
    ['0', '1-2', [0, 1], /--load-cpus: CPU 2 is not available/],
    ['0-2', '2-3', [0, 1, 2, 3], /overlap on CPU 2; give them separate cores/],
  ];
  for (const [server, load, available, why] of refusals) {
    assert.throws(
      () => planAffinity(server, load, available),
      (error: Error & { code?: string }) => error.code === 'ERR_AFFINITY_REFUSED' && why.test(error.message),
      `${server} / ${load}`,
    );
  }
  assert.throws(() => planAffinity('x', '1', [0, 1]), { code: 'ERR_AFFINITY_LIST' });
});

test('without taskset, wrapping or pinning fails with ERR_AFFINITY_TASKSET', async () => {
  assert.equal(findTaskset('/nonexistent'), undefined);
  assert.throws(() => withAffinity([0], 'true', [], null), { code: 'ERR_AFFINITY_TASKSET' });
  await assert.rejects(pinProcess(process.pid, [0], 1000, null), { code: 'ERR_AFFINITY_TASKSET' });
});

test('a child started through withAffinity runs on the CPUs asked for', { skip: cannotPin }, async () => {
  const { command, args } = withAffinity([lastCpu], 'grep', ['Cpus_allowed_list', '/proc/self/status']);
  const { stdout } = await promisify(execFile)(command, args, { timeout: 10_000 });
  assert.equal(stdout.trim(), `Cpus_allowed_list:\t${lastCpu}`);
});

test('pinning a running Node process sets every thread, and worker threads started later inherit it', {
  skip: cannotPin,
}, async () => {
  // One worker exists before pinning; another is started after, on a line on stdin.
  const script = `
    const { Worker } = require('node:worker_threads');
    const idle = 'setInterval(() => {}, 1000)';
    new Worker(idle, { eval: true }).once('online', () => console.log('ready'));
    process.stdin.once('data', () => new Worker(idle, { eval: true }).once('online', () => console.log('second worker')));
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  try {
    assert.equal((await lines.next()).value, 'ready');
    const pid = child.pid as number;
    const before = threadAffinities(pid) as Map<number, number[]>;
    assert.ok(
      [...before.values()].every((set) => set.length === cpus.length),
      'unpinned at first',
    );
    await pinProcess(pid, [lastCpu]);
    child.stdin.write('go\n');
    assert.equal((await lines.next()).value, 'second worker');
    const after = threadAffinities(pid) as Map<number, number[]>;
    assert.ok(after.size > before.size, `a thread was added (${before.size} → ${after.size})`);
    for (const [tid, set] of after) assert.deepEqual(set, [lastCpu], `thread ${tid}`);
  } finally {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
});

test('pinning a process that does not exist fails and says so', { skip: cannotPin }, async () => {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit'); // its PID is now free, and not reused this soon
  await assert.rejects(pinProcess(child.pid as number, [lastCpu]), (error: Error & { code?: string }) => {
    return (
      error.code === 'ERR_AFFINITY_TASKSET' && /cannot pin process \d+: no such process/.test(error.message)
    );
  });
});
