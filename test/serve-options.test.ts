/** The server option table is the one source of serve's parsing, help, children's options and peers' flags. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helpText } from '../ts/cli/command.js';
import { durationFlag } from '../ts/cli/values.js';
import { SERVE_COMMAND } from '../ts/commands/serve.js';
import { HANDOFF_ENV, handoffEnv, takeHandoff } from '../ts/server/handoff.js';
import {
  DEFAULT_SERVER_OPTIONS,
  inheritedOptions,
  peerFlags,
  SERVE_OPTIONS,
  serverOptionsFromFlags,
} from '../ts/server/options.js';

test('every option has a flag in the help, with its default, and a reason for that default', () => {
  const help = helpText(SERVE_COMMAND);
  for (const o of SERVE_OPTIONS) {
    assert.match(help, new RegExp(`--${o.flag} ${o.value}`));
    assert.ok(o.reason.length > 10, `${o.flag} needs a reason for its default`);
  }
  assert.match(help, /--max-n N +largest n served, at most 78 \[40\]/);
  assert.match(help, /--shutdown-timeout DURATION[\s\S]*\[5s\]/);
});

test('flags parse to typed options; absent ones take the defaults', () => {
  const options = serverOptionsFromFlags({ 'max-n': '30', 'idle-timeout': '500ms', 'shutdown-timeout': '2' });
  assert.equal(options.maxN, 30);
  assert.equal(options.idleTimeoutMs, 500);
  assert.equal(options.shutdownTimeoutMs, 2000);
  assert.equal(options.maxPending, DEFAULT_SERVER_OPTIONS.maxPending);
  assert.throws(() => serverOptionsFromFlags({ 'max-n': '79' }), { code: 'ERR_USAGE' });
});

test('durations take 10s, 500ms, 2m or bare seconds', () => {
  assert.equal(durationFlag('d', '10s'), 10);
  assert.equal(durationFlag('d', '500ms'), 0.5);
  assert.equal(durationFlag('d', '2m'), 120);
  assert.equal(durationFlag('d', '1.5'), 1.5);
  assert.throws(() => durationFlag('d', '0'), /--d must be a duration/);
  assert.equal(durationFlag('d', '0', { allowZero: true }), 0);
  assert.throws(() => durationFlag('d', '5 s'));
  assert.throws(() => durationFlag('d', '-1'));
});

test("a many instance inherits the launcher's limits but not its port or instance count", () => {
  const launcher = { ...DEFAULT_SERVER_OPTIONS, port: 4000, instances: 3, maxN: 30, inlineBelow: 20 };
  const instance = inheritedOptions(launcher, { port: 4001 });
  assert.equal(instance.port, 4001);
  assert.equal(instance.instances, DEFAULT_SERVER_OPTIONS.instances);
  assert.equal(instance.maxN, 30);
  assert.equal(instance.inlineBelow, 20);
});

test('peers get only the flags they take, spelled from the table', () => {
  const options = { ...DEFAULT_SERVER_OPTIONS, port: 0, maxN: 35, workers: 3, instances: 4 };
  assert.deepEqual(peerFlags(options, 'go'), ['--host', '127.0.0.1', '--port', '0', '--max-n', '35']);
  assert.deepEqual(peerFlags(options, 'process'), [
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--workers',
    '3',
    '--max-n',
    '35',
  ]);
  assert.deepEqual(peerFlags(options, 'many'), [
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--instances',
    '4',
    '--max-n',
    '35',
  ]);
});

test('a handed-over server arrives once, typed, and is removed from the environment', () => {
  const env: NodeJS.ProcessEnv = {
    ...handoffEnv(
      { name: 'many', strategy: 'inline', processModel: 'single' },
      { ...DEFAULT_SERVER_OPTIONS, maxN: 12 },
    ),
  };
  const handed = takeHandoff(env);
  assert.equal(handed?.spec.processModel, 'single');
  assert.equal(handed?.options.maxN, 12);
  assert.equal(env[HANDOFF_ENV], undefined);
  assert.throws(
    () =>
      takeHandoff({
        [HANDOFF_ENV]: JSON.stringify({ spec: { name: 'x', strategy: 'gpu', processModel: 'single' } }),
      }),
    /no valid server spec/,
  );
});

test("--inline-below takes a number or 'auto', and 'auto' reaches a child server as it is", () => {
  assert.equal(serverOptionsFromFlags({ 'inline-below': 'auto' }).inlineBelow, 'auto');
  assert.equal(serverOptionsFromFlags({ 'inline-below': '18' }).inlineBelow, 18);
  assert.throws(() => serverOptionsFromFlags({ 'inline-below': 'soon' }), {
    code: 'ERR_USAGE',
    message: /whole number from 0 to 79 or 'auto'/,
  });
  assert.throws(() => serverOptionsFromFlags({ 'inline-below': '80' }), { code: 'ERR_USAGE' });
  const env: NodeJS.ProcessEnv = {
    ...handoffEnv(
      { name: 'pool', strategy: 'pool', processModel: 'single' },
      { ...DEFAULT_SERVER_OPTIONS, inlineBelow: 'auto' },
    ),
  };
  assert.equal(takeHandoff(env)?.options.inlineBelow, 'auto');
  assert.throws(
    () =>
      takeHandoff({
        [HANDOFF_ENV]: JSON.stringify({
          spec: { name: 'pool', strategy: 'pool', processModel: 'single' },
          options: { inlineBelow: 'soon' },
        }),
      }),
    /inlineBelow must be a number/,
  );
});
