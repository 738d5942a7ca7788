import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runLoad } from '../dist/load/index.js';
import { correct, startLineServer } from './fixtures/line-server.js';

// Cycles: correct, EBUSY, correct, EINTERNAL, correct, an unknown code.
const server = await startLineServer({
  reply: (line, answered) =>
    [
      correct(line, answered),
      'ERR EBUSY server at its limit\n',
      correct(line, answered),
      'ERR EINTERNAL worker died\n',
      correct(line, answered),
      'ERR EWHAT\n',
    ][answered % 6] ?? null,
});
after(() => server.close());

test('error replies are counted by code, apart from requests, and are not wrong answers', async () => {
  const report = await runLoad({
    groups: [{ n: 7, clients: 1 }],
    ports: [server.port],
    warmupS: 0.1,
    durationS: 0.4,
  });
  const { total } = report;
  assert.equal(total.wrongAnswers, 0);
  assert.ok(total.errorReplies.EBUSY > 0);
  assert.ok(total.errorReplies.EINTERNAL > 0);
  assert.ok(total.errorReplies.other > 0);
  assert.equal(total.errorReplies.EINVAL + total.errorReplies.ERANGE + total.errorReplies.ETOOLONG, 0);
  assert.equal(
    total.errors,
    total.errorReplies.EBUSY + total.errorReplies.EINTERNAL + total.errorReplies.other,
  );
  // Half the replies are errors: correct ones and errors alternate, each counted on its own side.
  assert.ok(
    Math.abs(total.requests - total.errors) <= 2,
    `${total.requests} requests vs ${total.errors} errors`,
  );
  assert.equal(total.latencyUs?.samples, total.requests);
  assert.ok(report.warnings.some((w) => w.code === 'error-replies'));
});
