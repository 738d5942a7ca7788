/**
 * The fd limit from the process's real limit on every OS: under `prlimit --nofile=256` a server
 * fits --max-connections to it and says so in its readiness line, whether the limit is read from
 * /proc (Linux) or from `ulimit -n` and /dev/fd (macOS and the BSDs: FIBLAB_PLATFORM=portable
 * takes that path here), and both paths arrive at the same limit.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fdLimit, openFds } from '../ts/platform/fd-limit.js';
import { platformPaths } from '../ts/platform/switch.js';
import { skipUnlessTool } from './helpers/needs-tool.js';
import { startGroupServer } from './hostile/helpers.js';

const FD_LIMIT = 256;
// Node raises its soft limit to the hard one at start: both are lowered.
const PRLIMIT = ['prlimit', `--nofile=${FD_LIMIT}:${FD_LIMIT}`, '--'];
const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;
const portable = platformPaths({ FIBLAB_PLATFORM: 'portable' });
const linux = platformPaths({});

test('this process: ulimit -n and /dev/fd give what /proc gives', {
  skip: linux.proc ? false : 'needs /proc (Linux)',
}, () => {
  assert.equal(fdLimit(portable), fdLimit(linux));
  // The same moment, give or take the descriptor a directory listing holds.
  const [a, b] = [openFds(portable) as number, openFds(linux) as number];
  assert.ok(Math.abs(a - b) <= 1, `/dev/fd ${a}, /proc/self/fd ${b}`);
});

for (const [name, env] of [
  ['portable (ulimit -n)', { FIBLAB_PLATFORM: 'portable' }],
  ['Linux (/proc/self/limits)', {}],
] as const) {
  test(`under a ${FD_LIMIT}-fd limit, ${name}: --max-connections fitted and said in the readiness line`, {
    skip: hasPrlimit ? false : skipUnlessTool('prlimit', 'prlimit (util-linux) not installed'),
    timeout: 60_000,
  }, async (t) => {
    const server = await startGroupServer(
      'event-loop',
      ['--shutdown-timeout', '1s'],
      env,
      undefined,
      PRLIMIT,
    );
    t.after(() => server.stop());
    assert.equal(server.extra.fdLimit, String(FD_LIMIT), 'the readiness line says the real limit');
    const max = Number(server.extra.maxConnections);
    assert.ok(max > 0 && max < FD_LIMIT, `maxConnections=${server.extra.maxConnections} within the limit`);
    assert.match(server.stderr, /--max-connections 1024 lowered to \d+: the file-descriptor limit is 256/);
  });
}
