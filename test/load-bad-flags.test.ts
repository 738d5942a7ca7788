import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLoadCli } from './fixtures/run-cli.js';

const cases: [string[], RegExp][] = [
  [['--bogus'], /unknown option '--bogus'/],
  [['-x'], /unknown option '-x'/],
  [['--clients', 'two'], /--clients must be a whole number from 1 to 10000, got 'two'/],
  [['-c', '0'], /--clients must be a whole number from 1 to 10000, got '0'/],
  [['--n=-3'], /--n must be a whole number from 0 to 1000, got '-3'/],
  [['--duration', 'soon'], /--duration must be a duration such as 10s, 500ms or 2m/],
  [['-d', '0'], /--duration must be a duration such as 10s, 500ms or 2m/],
  [['-d', '10h'], /--duration must be a duration/],
  [['--warmup=-1'], /--warmup must be a duration/],
  [['--grace', '2m'], /--grace must be a duration .* at most 60 s, got '2m'/],
  [['--port', '70000'], /--port must be a whole number from 1 to 65535/],
  [['--port', '1', '--ports', '2,3'], /--port or --ports, not both/],
  [['--ports', '2,x'], /--ports must be a whole number from 1 to 65535, got 'x'/],
  [['--mix', '30x1,oops'], /--mix items are <n>x<clients>/],
  [['--mix', '30x1', '--n', '2'], /--mix replaces --n and --clients/],
  [['--mix', '2000x1'], /n must be an integer from 0 to 1000, got 2000/],
  [['--workers', '3'], /workers must be an integer from 1 to 1, got 3/],
  [['--n'], /argument missing/],
  [
    ['127.0.0.1:25000', '--port', '25001'],
    /give the target as '127.0.0.1:25000' or with --host\/--port\/--ports/,
  ],
  [['127.0.0.1:25000', '--host', '::1'], /not both/],
  [['localhost'], /the target must be HOST:PORT/],
  [['localhost:http'], /the target must be HOST:PORT/],
  [['::1:25000'], /the target must be HOST:PORT .*\[::1\]:25000/],
  [['127.0.0.1:0'], /port must be 1 to 65535 in '127.0.0.1:0'/],
  [['127.0.0.1:1', 'extra'], /unexpected argument 'extra' \(at most 1\)/],
];

for (const [args, message] of cases) {
  test(`fiblab load ${args.join(' ')} exits 2 with one line and the usage line`, async () => {
    const result = await runLoadCli(args);
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, `one line plus the usage line, no stack trace:\n${result.stderr}`);
    assert.match(lines[0] as string, /^fiblab load: /);
    assert.match(lines[0] as string, message);
    assert.match(lines[1] as string, /^Usage: fiblab load \[options\] \[HOST:PORT\]/);
  });
}

test('fiblab load --help lists every flag from the table, the short flags and the exit statuses', async () => {
  for (const flag of ['--help', '-h']) {
    const result = await runLoadCli([flag]);
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
    const help = result.stdout;
    assert.match(help, /^Usage: fiblab load \[options\] \[HOST:PORT\]/);
    for (const name of ['--n', '--mix', '--warmup', '--grace', '--host', '--port', '--ports', '--workers']) {
      assert.match(help, new RegExp(`^\\s+${name} `, 'm'), name);
    }
    assert.match(help, /^\s+-c, --clients C /m);
    assert.match(help, /^\s+-d, --duration TIME .*10s, 500ms, 2m/m);
    assert.match(help, /^\s+--json /m);
    assert.match(help, /Exit status: 0 measured; 1 wrong answers/);
    assert.match(help, /3 no correct reply at all/);
  }
});
