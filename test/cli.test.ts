import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VARIANTS } from '../ts/variants/registry.js';
import { runCli } from './fixtures/run-cli.js';
import { startServer } from './helpers/server-process.js';

const fiblab = (...args: string[]) => runCli(args);

test('fiblab variants lists every variant of the registry with its seed row', async () => {
  const { code, stdout } = await fiblab('variants');
  assert.equal(code, 0);
  for (const variant of VARIANTS) assert.match(stdout, new RegExp(`^${variant.name} `, 'm'));
  assert.match(stdout, /one_server/);
  const json = JSON.parse((await fiblab('variants', '--json')).stdout) as Array<{ name: string }>;
  assert.deepEqual(
    json.map((v) => v.name),
    VARIANTS.map((v) => v.name),
  );
});

test('the nine TypeScript variants of the servers issue and the answer are all registered', () => {
  const names = VARIANTS.filter((v) => v.kind === 'ts').map((v) => v.name);
  assert.deepEqual(names.sort(), [
    'answer',
    'cluster',
    'event-loop',
    'many',
    'native-async',
    'native-sync',
    'pool',
    'process-pool',
    'sequential',
    'worker-per-connection',
  ]);
});

test('an unknown variant exits 2 and lists the valid ones', async () => {
  const { code, stderr } = await fiblab('serve', '--variant', 'threads');
  assert.equal(code, 2);
  assert.match(stderr, /unknown variant 'threads'; valid: sequential, event-loop/);
});

for (const [flags, message] of [
  [['--max-n', '79'], /--max-n must be a whole number from 0 to 78, got '79'/],
  [['--port', 'http'], /--port must be a whole number from 0 to 65535/],
  [['--idle-timeout=-1'], /--idle-timeout must be a duration such as 10s, 500ms or 2m/],
  [['--shutdown-timeout', '5 s'], /--shutdown-timeout must be a duration/],
  [['--workers', '0'], /--workers must be a whole number from 1/],
  [['--bogus'], /unknown option '--bogus'/],
  [['answer', 'extra'], /unexpected argument 'extra' \(at most 1\)/],
  [['extra'], /unknown variant 'extra'; valid: /],
] as const) {
  test(`serve ${flags.join(' ')} exits 2 with a clear message`, async () => {
    const { code, stderr } = await fiblab('serve', ...flags);
    assert.equal(code, 2);
    assert.match(stderr, message);
    // One line saying what is wrong, then the usage line; never a stack trace.
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, stderr);
    assert.match(
      lines[1] as string,
      /^Usage: fiblab serve \[VARIANT \| --variant NAME \| --strategy S --process-model P\] \[options\]/,
    );
    assert.doesNotMatch(stderr, /\n\s+at /);
  });
}

test('an unknown command exits 2; help and serve --help exit 0', async () => {
  assert.equal((await fiblab('frobnicate')).code, 2);
  assert.match((await fiblab('help')).stdout, /Commands:/);
  const serveHelp = await fiblab('serve', '--help');
  assert.equal(serveHelp.code, 0);
  assert.match(serveHelp.stdout, /--max-pending N/);
});

test('--uv-threadpool-size sizes the libuv pool of native-async (the readiness line says so)', async (t) => {
  const server = await startServer('native-async', ['--uv-threadpool-size', '2']);
  t.after(() => server.stop());
  assert.equal(server.server.readiness.extra.uvThreadpoolSize, '2');
});

test('a port already in use is a clear error, exit 1', async (t) => {
  const server = await startServer('event-loop');
  t.after(() => server.stop());
  const { code, stderr } = await fiblab('serve', '--port', String(server.port));
  assert.equal(code, 1);
  assert.match(stderr, /EADDRINUSE/);
});
