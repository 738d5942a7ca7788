import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLoadCli } from './fixtures/run-cli.js';

const cases: [string[], RegExp][] = [
  [['--bogus'], /Unknown option '--bogus'/],
  [['--clients', 'two'], /--clients must be a whole number, got 'two'/],
  [['--clients', '0'], /clients must be an integer from 1/],
  [['--n=-3'], /--n must be a whole number, got '-3'/],
  [['--duration', 'soon'], /--duration must be a number of seconds/],
  [['--duration', '0'], /duration must be a number of seconds above 0/],
  [['--port', '70000'], /port must be an integer from 1 to 65535/],
  [['--port', '1', '--ports', '2,3'], /--port or --ports, not both/],
  [['--mix', '30x1,oops'], /--mix items are <n>x<clients>/],
  [['--mix', '30x1', '--n', '2'], /--mix replaces --n and --clients/],
  [['--n'], /argument missing/],
  [['extra'], /Unexpected argument 'extra'/],
];

for (const [args, message] of cases) {
  test(`fiblab load ${args.join(' ')} exits 2 with a clear message`, async () => {
    const result = await runLoadCli(args);
    assert.equal(result.code, 2);
    assert.match(result.stderr, message);
    assert.match(result.stderr, /^fiblab load: /);
    assert.equal(result.stdout, '');
  });
}

test('fiblab load --help prints the options and exits 0', async () => {
  const result = await runLoadCli(['--help']);
  assert.equal(result.code, 0);
  for (const flag of [
    '--clients',
    '--n',
    '--mix',
    '--duration',
    '--warmup',
    '--host',
    '--port',
    '--ports',
    '--json',
  ]) {
    assert.ok(result.stdout.includes(flag), flag);
  }
});
