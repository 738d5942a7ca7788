import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runLoad } from '../dist/load/index.js';
import { correct, startLineServer } from './fixtures/line-server.js';
import { runLoadCli } from './fixtures/run-cli.js';

// Every 5th reply is off by one: a plausible number, so only a byte-for-byte check catches it.
const server = await startLineServer({
  reply: (line, answered) => (answered % 5 === 4 ? `${Number(line) + 1000}\n` : correct(line, answered)),
});
after(() => server.close());

test('wrong answers are counted, with evidence, and warned about first', async () => {
  const report = await runLoad({
    groups: [{ n: 20, clients: 1 }],
    ports: [server.port],
    warmupS: 0.1,
    durationS: 0.4,
  });
  const group = report.groups[0];
  assert.ok(group !== undefined);
  assert.ok(group.wrongAnswers > 0);
  assert.equal(report.total.wrongAnswers, group.wrongAnswers);
  assert.deepEqual(group.wrongSamples[0], { client: 0, n: 20, expected: '6765', got: '1020' });
  assert.equal(report.warnings[0]?.code, 'wrong-answers');
  // Wrong replies are never counted as served requests.
  assert.ok(group.requests <= server.answered - group.wrongAnswers);
});

test('fiblab load exits 1 and says WRONG when it sees a wrong answer', async () => {
  const result = await runLoadCli([
    '--port',
    String(server.port),
    '--n',
    '3',
    '--warmup',
    '0.1',
    '--duration',
    '0.3',
  ]);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /Wrong answers\s+[\d,]+\s+← WRONG/);
  assert.match(result.stdout, /WRONG ANSWERS/);
});
