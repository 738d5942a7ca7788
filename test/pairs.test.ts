/**
 * The strategy × process-model axes combine freely (issue 13): every pair that makes sense
 * serves exact values over a real socket, by `--variant MODEL+STRATEGY` and by `--strategy S
 * --process-model P`; a senseless pair is refused with its reason before anything starts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STRATEGY_NAMES } from '../ts/compute/index.js';
import { startServer as launch } from '../ts/launch/serve-command.js';
import { fibReference } from '../ts/reference.js';
import { PROCESS_MODELS } from '../ts/server/spec.js';
import { pairName, pairProblem, parsePair, runnablePairs } from '../ts/variants/pairs.js';
import { findVariant, VARIANTS, variantProblem } from '../ts/variants/registry.js';
import { runCli } from './fixtures/run-cli.js';
import { LineClient } from './helpers/line-client.js';
import { CLI, startServer } from './helpers/server-process.js';

test('every model × strategy is either runnable or refused with a reason naming an alternative', () => {
  for (const model of PROCESS_MODELS) {
    for (const strategy of STRATEGY_NAMES) {
      const parsed = parsePair(pairName(model, strategy));
      const problem = pairProblem(model, strategy);
      assert.equal(parsed?.ok, problem === undefined, `${model}+${strategy}`);
      if (problem !== undefined) assert.match(problem, /use \S+\+\S+/, 'the reason says what to use instead');
    }
  }
  assert.ok(runnablePairs().length >= 16);
  assert.equal(parsePair('event-loop'), undefined, 'no + : not meant as a pair');
  assert.match(variantProblem('cluster+nope') ?? '', /unknown strategy 'nope'.*valid: inline/);
  assert.match(variantProblem('ring+inline') ?? '', /unknown process model 'ring'/);
  assert.match(variantProblem('sequential+pool') ?? '', /refused: sequential is the seed's one_server/);
  assert.match(variantProblem('event-lop') ?? '', /unknown variant 'event-lop'.*MODEL\+STRATEGY/);
});

test('every preset is the pair it names (its strategy and model), and a pair is found by name', () => {
  for (const variant of VARIANTS) {
    if (variant.kind !== 'ts') continue;
    const pair = findVariant(pairName(variant.processModel, variant.strategy));
    assert.equal(pair?.kind, 'ts', `${variant.name}'s pair runs`);
    assert.equal(pair?.kind === 'ts' && pair.strategy, variant.strategy);
  }
});

// Each runnable pair, started through the launch path compare uses, answers fib(22) and fib(1) exactly.
for (const { model, strategy } of runnablePairs()) {
  const name = pairName(model, strategy);
  test(`${name} serves exact values`, async (t) => {
    const server = await startServer(name);
    t.after(() => server.stop());
    assert.equal(server.server.readiness.variant, name);
    const client = await LineClient.connect(server.port);
    t.after(() => client.close());
    assert.equal(await client.ask('22\n'), String(fibReference(22)));
    assert.equal(await client.ask('1\n'), '1');
    assert.equal(await server.stop(), 0, 'a graceful stop');
  });
}

test('serve --strategy S --process-model P starts that pair (readiness names it)', async (t) => {
  const server = await launch(
    {
      command: process.execPath,
      args: [CLI, 'serve', '--strategy', 'native-sync', '--process-model', 'cluster', '--port', '0'],
      env: {},
    },
    { timeoutMs: 20_000 },
  );
  t.after(() => server.stop());
  assert.equal(server.readiness.variant, 'cluster+native-sync');
  assert.equal(server.readiness.extra.workers !== undefined, true, 'cluster says its workers');
  const client = await LineClient.connect(server.readiness.port);
  t.after(() => client.close());
  assert.equal(await client.ask('30\n'), String(fibReference(30)));
});

test('a refused pair, a bad axis or --variant with --strategy: exit 2, one line with the reason', async () => {
  for (const [args, reason] of [
    [['--strategy', 'pool', '--process-model', 'sequential'], /sequential\+pool is refused/],
    [
      ['--variant', 'many+process-pool'],
      /many\+process-pool is refused: many already runs a process per core/,
    ],
    [['--strategy', 'gpu'], /--strategy must be one of inline, /],
    [['--process-model', 'ring'], /--process-model must be one of single, /],
    [
      ['--variant', 'pool', '--strategy', 'inline'],
      /give --variant, or --strategy\/--process-model, not both/,
    ],
  ] as const) {
    const { code, stdout, stderr } = await runCli(['serve', ...args, '--port', '0']);
    assert.equal(code, 2, args.join(' '));
    assert.equal(stdout, '', 'nothing started');
    assert.match(stderr.split('\n')[0] ?? '', reason);
  }
});

test('compare --only takes pairs and refuses a senseless one before anything runs', async () => {
  const { code, stderr } = await runCli(['compare', '--only', 'cluster+native-sync,sequential+native-async']);
  assert.equal(code, 2);
  assert.match(stderr, /--only: sequential\+native-async is refused/);
});
