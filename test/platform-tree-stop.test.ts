/**
 * A command line started under the platform's shell and stopped with everything it started:
 * through POSIX process groups, and through the portable path (`shell: true`, the tree found in
 * the process table and signalled PID by PID, no negative PID) that Windows takes and that
 * FIBLAB_PLATFORM=portable makes Linux take. Every process of the tree must be gone.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startShellCommand } from '../ts/platform/shell-command.js';
import { platformPaths } from '../ts/platform/switch.js';
import { descendants, isAlive, signalEach } from '../ts/platform/tree.js';
import { settledWithin, waitUntil } from './helpers/wait-until.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/tree-parent.cjs', import.meta.url));
// Double quotes: the same command line for /bin/sh and for cmd.exe.
const COMMAND = `"${process.execPath}" "${FIXTURE}" 2`;

const portable = platformPaths({ FIBLAB_PLATFORM: 'portable' });
const posix = platformPaths({});

for (const [name, paths] of [
  ['portable (no process group, no negative PID)', portable],
  ['POSIX process group', posix],
] as const) {
  test(`a shell command's whole tree is stopped: ${name}`, {
    skip: name.startsWith('POSIX') && !posix.processGroups ? 'no process groups here (Windows)' : false,
    timeout: 60_000,
  }, async (t) => {
    const shell = startShellCommand(COMMAND, paths);
    assert.equal(shell.stopsBy, paths.processGroups ? 'process group' : 'process tree');
    const exited = once(shell.child, 'exit');
    let pids: number[] = [];
    t.after(() =>
      signalEach(
        pids.filter((p) => isAlive(p)),
        'SIGKILL',
      ),
    ); // a failed test leaves nothing
    shell.child.stdout?.setEncoding('utf8');
    const line = await settledWithin(
      new Promise<string>((resolve) =>
        shell.child.stdout?.on('data', (text: string) => {
          if (text.includes('tree ')) resolve(text);
        }),
      ),
      20_000,
      'the fixture printed its tree',
    );
    pids = (/tree ([\d ]+)/.exec(line)?.[1] ?? '').trim().split(' ').map(Number);
    assert.equal(pids.length, 3, line);
    // The shell (or cmd.exe) is the root; the fixture's three processes are under it.
    const root = shell.child.pid as number;
    for (const pid of pids)
      assert.ok(descendants(root, paths).includes(pid) || pid === root, `${pid} is in the tree`);
    assert.ok(pids.every((p) => isAlive(p)));

    await shell.stop(exited, 5000);
    await settledWithin(exited, 10_000, 'the shell exited');
    // Order of arrival: the signals are sent; each process leaves as the kernel gets to it.
    const gone = await waitUntil(() => pids.every((p) => !isAlive(p)), 10_000);
    assert.ok(gone, `all of ${pids.join(', ')} stopped; alive: ${pids.filter((p) => isAlive(p)).join(', ')}`);
  });
}
