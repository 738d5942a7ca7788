/**
 * `fiblab load` in the wrong transport: the line protocol against an HTTP server, `--http`
 * against a line-protocol server. Either is the user's mistake, said as one line (exit 2) that
 * names the server and the fix, not a report of a broken or silent server.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { correct, startLineServer } from './fixtures/line-server.js';
import { runLoadCli } from './fixtures/run-cli.js';
import { startServer } from './helpers/server-process.js';

const http = await startServer('event-loop', ['--transport', 'http']);
const tcp = await startServer('event-loop');
after(() => Promise.all([http.stop(), tcp.stop()]));

const quick = ['--n', '1', '--warmup', '0', '--duration', '0.3s', '--grace', '0.2s'];

function assertOneLine(stderr: string, message: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, stderr);
  assert.match(lines[0] as string, message);
  assert.match(lines[1] as string, /^Usage: fiblab load /);
}

test('the line protocol against an HTTP server: "answers HTTP; add --http", exit 2, no report', async () => {
  const result = await runLoadCli([...quick, `127.0.0.1:${http.port}`]);
  assert.equal(result.code, 2, result.stderr);
  assertOneLine(
    result.stderr,
    new RegExp(`^fiblab load: the server at 127\\.0\\.0\\.1:${http.port} answers HTTP; add --http$`),
  );
  assert.equal(result.stdout, '');
  assert.doesNotMatch(result.stderr, /WRONG|broken/);
});

test('--http against a line-protocol server: "answers the line protocol; leave out --http", exit 2', async () => {
  const result = await runLoadCli([...quick, '--http', `127.0.0.1:${tcp.port}`]);
  assert.equal(result.code, 2, result.stderr);
  assertOneLine(
    result.stderr,
    new RegExp(
      `^fiblab load: the server at 127\\.0\\.0\\.1:${tcp.port} answers the line protocol, not HTTP; leave out --http$`,
    ),
  );
  assert.equal(result.stdout, '');
});

test('the right transport is measured as before: no probe, no diagnosis', async () => {
  for (const [args, port] of [
    [[], tcp.port],
    [['--http'], http.port],
  ] as const) {
    const result = await runLoadCli([...quick, ...args, '--json', `127.0.0.1:${port}`]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok((JSON.parse(result.stdout) as { total: { requests: number } }).total.requests > 0);
  }
});

test('a line server that answers wrongly is still "broken" (exit 1): the diagnosis needs the other transport to answer', async () => {
  const liar = await startLineServer({
    reply: (line, answered) => (answered % 2 === 1 ? `${Number(line) + 1000}\n` : correct(line, answered)),
  });
  try {
    const result = await runLoadCli([...quick, `127.0.0.1:${liar.port}`]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /WRONG ANSWERS/);
    assert.doesNotMatch(result.stderr, /add --http/);
  } finally {
    await liar.close();
  }
});
