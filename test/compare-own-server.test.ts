/**
 * `fiblab compare --server`: a server the user brings (here test/fixtures/my-server.py, the
 * README's worked example) is started, waited for, measured and stopped like ours, and is a row
 * of the tables.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { signalEach } from '../ts/platform/tree.js';
import { runCli } from './fixtures/run-cli.js';
import { minimalCompareArgs } from './helpers/compare-args.js';
import { slicesReadCpu } from './helpers/slice-cpu.js';
import { waitUntil } from './helpers/wait-until.js';

// The compare runs here check what a run does and says, not its figures: each server is warmed 0.2 s after its
// start instead of 1 s (test-only; docs/testing.md).
process.env.FIBLAB_TEST_SERVER_WARMUP = '0.2';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const MY_SERVER = fileURLToPath(new URL('./fixtures/my-server.py', import.meta.url));

test('--server mine:read=…{port}… and a line-protocol one: rows of the tables, measured (CPU, memory), stopped', {
  timeout: 120_000,
}, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'fiblab-compare-own-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  // A copy at a path of this test's own, so that what is left running afterwards can be told.
  const server = join(out, 'my-server.py');
  copyFileSync(MY_SERVER, server);
  const result = await runCli(
    [
      'compare',
      '--server',
      `mine:read=python3 ${server} --port {port}`,
      // A line-protocol server that prints fiblab's readiness line (any port: the line says which).
      '--server',
      `lines=${process.execPath} ${CLI} serve --variant event-loop --port 0`,
      ...minimalCompareArgs(out, { only: 'event-loop' }),
    ],
    110_000,
  );
  assert.equal(result.code, 0, result.stderr);
  const doc = JSON.parse(result.stdout);
  type Rec = {
    variant: string;
    wrongAnswers: number;
    reqPerSec: number;
    serverCpu: number | null;
    cpuNa?: string;
    serverRssMiB: number | null;
  };
  for (const name of ['mine', 'lines']) {
    const measured = (doc.records as Rec[]).filter((r) => r.variant === name);
    assert.equal(measured.length, 2, `${name}: one slice per round`);
  }
  const fineCpu = await slicesReadCpu();
  for (const r of (doc.records as Rec[]).filter((r) => r.variant === 'mine' || r.variant === 'lines')) {
    assert.equal(r.wrongAnswers, 0);
    assert.ok(r.reqPerSec > 0);
    if (fineCpu) assert.ok(r.serverCpu !== null && r.serverCpu > 0, 'its CPU was read');
    else
      assert.match(
        r.cpuNa ?? '',
        /^CPU in \d+ s steps$/,
        'its CPU was read, too coarsely for a slice, and it says so',
      );
    assert.ok(r.serverRssMiB !== null && r.serverRssMiB > 1, 'its memory was read');
  }
  const markdown = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.md')) as string), 'utf8');
  assert.match(markdown, /\| mine \(--server\) +\|/);
  assert.match(markdown, /\| lines \(--server\) +\|/);
  // Stopped: no process is left whose command line names this test's copy of the server.
  assert.deepEqual(processesNaming(server), [], 'the server was stopped');
});

test('--server: bad specs are usage errors that show the syntax', async () => {
  const bad = await runCli(['compare', '--server', 'no-equals-sign']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /NAME\[:read\]\[@PORT\]=COMMAND/);
  const badPort = await runCli(['compare', '--server', 'x@70000=python3 server.py']);
  assert.equal(badPort.code, 2);
  assert.match(badPort.stderr, /port 70000/);
  const twice = await runCli(['compare', '--server', 'x=a {port}', '--server', 'x=b {port}']);
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /names must differ/);
  const ours = await runCli(['compare', '--server', 'go=./go --port {port}']);
  assert.equal(ours.code, 2);
  assert.match(ours.stderr, /one of ours/);
});

/**
 * A long compare (1,000 rounds) with a `--server` row running this test's own copy of the server
 * (so that what is left running can be told), progress on stderr; `measuring` resolves once the
 * user's server has its first slice (past every start-up). `detached`: a process group of its own.
 */
function longCompareWithServer(t: TestContext, detached: boolean) {
  const out = mkdtempSync(join(tmpdir(), 'fiblab-compare-own-long-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const server = join(out, 'my-server.py');
  copyFileSync(MY_SERVER, server);
  const args = minimalCompareArgs(out, { only: 'event-loop' });
  args[args.indexOf('--rounds') + 1] = '1000';
  // Without --json its progress comes on stderr: which slice it is measuring.
  args.splice(args.indexOf('--json'), 1);
  const compare = spawn(
    process.execPath,
    [CLI, 'compare', '--server', `mine:read=python3 ${server} --port {port}`, ...args],
    { stdio: ['ignore', 'ignore', 'pipe'], detached },
  );
  let stderr = '';
  compare.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exited = new Promise<number | null>((resolve) => compare.once('exit', (code) => resolve(code)));
  const measuring = async () =>
    assert.ok(await waitUntil(() => /mine · io/.test(stderr), 60_000, 50), `never measured: ${stderr}`);
  return { compare, server, exited, measuring, stderr: () => stderr };
}

test('a compare killed with SIGKILL takes a --server command’s whole tree with it (shell and server) within 5 s', {
  timeout: 120_000,
}, async (t) => {
  const { compare, server, exited, measuring } = longCompareWithServer(t, false);
  let tree: number[] = [];
  try {
    await measuring();
    // The shell and the server it started: both name this test's copy of the server.
    tree = processesNaming(server);
    assert.ok(tree.length >= 2, `the shell and its server: ${tree.join(', ')}`);
    compare.kill('SIGKILL');
    await exited;
    const gone = await waitUntil(() => processesNaming(server).length === 0, 5000, 50);
    assert.ok(gone, `left after 5 s: ${processesNaming(server).join(', ')}`);
  } finally {
    if (compare.exitCode === null && compare.signalCode === null) compare.kill('SIGKILL');
    // Only when the test failed: not left for the next tests.
    signalEach([...tree, ...processesNaming(server)], 'SIGKILL');
  }
});

test('Ctrl-C on the process group of a compare with a --server: it stops the command’s tree and exits 130; the group is empty after (watchdog included)', {
  timeout: 120_000,
}, async (t) => {
  // Its own process group, as a shell starts a foreground job: the terminal's Ctrl-C reaches all of it.
  const { compare, server, exited, measuring, stderr } = longCompareWithServer(t, true);
  const group = compare.pid as number;
  const inGroup = () => processesInGroup(group);
  try {
    await measuring();
    process.kill(-group, 'SIGINT');
    assert.equal(await exited, 130, stderr());
    // Every process of the group: the watchdog ignores the Ctrl-C, and compare ends what is left under it on
    // its way out. The command runs in a group of its own (as every --server does), stopped by compare.
    const empty = await waitUntil(() => inGroup().length === 0, 5000, 50);
    assert.ok(empty, `left in the group: ${inGroup().join(', ')}`);
    assert.deepEqual(processesNaming(server), []);
  } finally {
    signalEach([...inGroup(), ...processesNaming(server)], 'SIGKILL');
  }
});

/** Live (not zombie) processes of process group `group` (reads /proc; Linux). */
function processesInGroup(group: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // Fields after the command's closing parenthesis: state, ppid, pgrp, ...
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return state !== 'Z' && Number(pgrp) === group;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** PIDs of the processes whose command line contains `text` (reads /proc; Linux). */
function processesNaming(text: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}
