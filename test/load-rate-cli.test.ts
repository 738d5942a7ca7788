/**
 * `fiblab load --rate` and `--mix …@rate` from the command line: bad rates are usage errors, a
 * rate this machine cannot keep is refused with the reason (exit 2, before any connection), and
 * against a real server an open-loop group's JSON carries the openLoop block while a closed-loop
 * group's JSON is as it always was.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closedPort } from './fixtures/line-server.js';
import { runLoadCli } from './fixtures/run-cli.js';
import { startServer } from './helpers/server-process.js';

const server = await startServer('event-loop');
after(() => server.stop());

const usageCases: [string[], RegExp][] = [
  [['--rate', '0'], /--rate must be requests per second from 0\.1 to 1,000,000 \(e\.g\. 1000\), got '0'/],
  [['--rate', 'fast'], /--rate must be requests per second/],
  [['--rate=-5'], /--rate must be requests per second/],
  [
    ['--mix', '30x1', '--rate', '100'],
    /with --mix give each group's rate in the list \(e\.g\. 30x1,1x1@1000\)/,
  ],
  [['--mix', '30x1,1x1@soon'], /--mix rate in '1x1@soon' must be requests per second/],
  [['--mix', '30x1,1x1@'], /--mix rate in '1x1@' must be requests per second/],
];

for (const [args, message] of usageCases) {
  test(`fiblab load ${args.join(' ')} exits 2 with one line and the usage line`, async () => {
    const result = await runLoadCli(args);
    assert.equal(result.code, 2, result.stderr);
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, result.stderr);
    assert.match(lines[0] as string, message);
  });
}

test('a rate one worker thread cannot keep is refused with the reason, before connecting', async () => {
  // 900,000 requests/s on one connection: far above what one thread can write and read anywhere.
  const result = await runLoadCli([`127.0.0.1:${await closedPort()}`, '--rate', '900000', '-d', '1']);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /cannot keep that rate: a worker thread would send 900,000 requests\/s/);
  assert.match(result.stderr, /round trips\/s one thread manages against itself over loopback/);
  assert.doesNotMatch(result.stderr, /ECONNREFUSED/, 'refused before any connection was tried');
});

test('--mix 1x1,1x1@200: the open-loop group reports its schedule, the closed-loop one as always', async () => {
  const args = [`127.0.0.1:${server.port}`, '--mix', '1x1,1x1@200', '-d', '1', '--warmup', '0.2'];
  const json = await runLoadCli([...args, '--json'], 30_000);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout);
  const [closed, open] = report.groups;
  assert.equal(closed.name, 'n=1 ×1');
  assert.equal('openLoop' in closed, false, 'a closed-loop group has no openLoop key');
  assert.equal(open.name, 'n=1 ×1 @200/s');
  assert.deepEqual(Object.keys(open.openLoop), [
    'targetRate',
    'achievedRate',
    'sent',
    'late',
    'lateMs',
    'generatorLagUs',
    'fromDispatchUs',
    'unanswered',
  ]);
  assert.equal(open.openLoop.targetRate, 200);
  assert.deepEqual(Object.keys(open.openLoop.lateMs), ['p50', 'p99', 'max']);
  assert.deepEqual(Object.keys(open.openLoop.generatorLagUs), ['p50', 'p99', 'max']);
  // From the dispatch: the same replies with the generator's own lag left out, so never above them.
  const { p50 } = open.openLoop.fromDispatchUs;
  assert.ok(
    p50 > 0 && p50 <= open.latencyUs.p50 + 1,
    `from dispatch p50 ${p50} µs, from intended ${open.latencyUs.p50} µs`,
  );
  assert.equal(open.openLoop.late, 0, 'the line protocol pipelines: nothing waits behind a reply');
  assert.ok(open.requests >= 190 && open.requests <= 210, `${open.requests} replies at 200/s for 1 s`);
  assert.equal(open.wrongAnswers, 0);

  const text = await runLoadCli(args, 30_000);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^ {2}Open loop {7}target 200 req\/s, sent [\d.,]+ req\/s/m);
  assert.match(text.stdout, /^ {2}Generator lag {3}p50 /m);
  assert.match(text.stdout, /^ {2}From dispatch {3}p50 /m);
  assert.match(
    text.stdout,
    /^ {2}Replies\/client {2}fewest [\d,]+, most [\d,]+ correct replies on one connection/m,
  );
});

test('--help says which question needs the closed loop and which the open loop', async () => {
  const { stdout, code } = await runLoadCli(['--help']);
  assert.equal(code, 0);
  assert.match(stdout, /Closed loop \(the default\)/);
  assert.match(stdout, /Open loop \(--rate R\)/);
  assert.match(stdout, /^\s+--rate R /m);
});
