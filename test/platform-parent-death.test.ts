/**
 * A child that ends with fiblab however fiblab ends: the portable watchdog for real (a parent
 * process with a watched child and grandchild; the parent SIGKILLed, or exiting by itself), on
 * whichever paths this run takes (macOS and Windows run it in .github/workflows/platforms.yml);
 * and which mechanism parent-death.ts picks where.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { endingWithParent } from '../ts/launch/parent-death.js';
import { findSetpriv } from '../ts/launch/parent-death-linux.js';
import { isAlive } from '../ts/launch/process-tree.js';
import { platformPaths } from '../ts/platform/switch.js';
import { signalEach } from '../ts/platform/tree.js';
import { settledWithin, waitUntil } from './helpers/wait-until.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/watched-parent.mjs', import.meta.url));

/** The fixture started in `mode`: its PIDs once its child's tree is up and watched. */
async function watchedParent(mode: 'wait' | 'stop' | 'exit') {
  const parent = spawn(process.execPath, [FIXTURE, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => parent.once('exit', resolve));
  const [line] = (await settledWithin(once(parent.stdout, 'data'), 30_000, 'the fixture never started')) as [
    Buffer,
  ];
  const [, child, grandchild, watchdog] = line.toString().trim().split(' ').map(Number) as number[];
  assert.ok(child && grandchild && watchdog, line.toString());
  return { parent, exited, child, grandchild, watchdog };
}

test('a SIGKILLed parent: its watched child, the child’s own child and the watchdog are gone within 5 s', {
  timeout: 60_000,
}, async () => {
  const { parent, exited, child, grandchild, watchdog } = await watchedParent('wait');
  const all = [child, grandchild, watchdog];
  try {
    assert.deepEqual(
      all.filter((pid) => !isAlive(pid)),
      [],
      'all running before the kill',
    );
    process.kill(parent.pid as number, 'SIGKILL');
    await exited;
    const gone = await waitUntil(() => all.every((pid) => !isAlive(pid)), 5000);
    assert.ok(gone, `left after 5 s: ${all.filter((pid) => isAlive(pid)).join(', ')}`);
  } finally {
    signalEach(all, 'SIGKILL'); // only when the test failed: the others are gone
  }
});

test('a parent that stops its child and exits normally leaves no watchdog', { timeout: 60_000 }, async () => {
  const { exited, child, grandchild, watchdog } = await watchedParent('stop');
  try {
    assert.equal(await exited, 0);
    assert.ok(await waitUntil(() => !isAlive(watchdog), 5000), 'the watchdog outlived its parent by 5 s');
  } finally {
    signalEach([child, grandchild, watchdog], 'SIGKILL');
  }
});

test('a parent that exits normally with its child still running: the watchdog ends the child’s tree, then itself', {
  timeout: 60_000,
}, async () => {
  const { exited, child, grandchild, watchdog } = await watchedParent('exit');
  const all = [child, grandchild, watchdog];
  try {
    assert.equal(await exited, 0);
    assert.ok(await waitUntil(() => all.every((pid) => !isAlive(pid)), 5000), 'left after 5 s');
  } finally {
    signalEach(all, 'SIGKILL');
  }
});

test('Linux with setpriv takes the kernel’s parent-death signal; the portable paths take the watchdog', () => {
  const ending = endingWithParent('node', ['server.js']);
  if (process.platform === 'linux' && !platformPaths().forced && findSetpriv() !== undefined) {
    assert.deepEqual(ending.args, ['--pdeathsig', 'TERM', '--', 'node', 'server.js']);
    assert.match(ending.command, /setpriv$/);
  } else {
    assert.deepEqual([ending.command, ending.args], ['node', ['server.js']]);
  }
});
