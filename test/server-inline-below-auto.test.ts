/**
 * `--inline-below auto`: the server measures its own hop and inline fib at start, says what it
 * chose in the readiness line, answers exactly on both sides of that threshold — on Node, and
 * on Bun and Deno where they are installed — and applies it (fault injection shows which n
 * reached a worker). A strategy that never leaves the event loop says
 * `inlineBelow=all` instead of measuring.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fibReference } from '../ts/reference.js';
import { RUNTIMES, type Runtime } from '../ts/runtimes/registry.js';
import { variantSupport } from '../ts/runtimes/support.js';
import { runCli } from './fixtures/run-cli.js';
import { threadCpuMs } from './helpers/cpu-evidence.js';
import { LineClient } from './helpers/line-client.js';
import { skipUnlessRuntime } from './helpers/needs-tool.js';
import { startServer } from './helpers/server-process.js';

const MAX_N = 30;
const FIB = (n: number): string => String(fibReference(n));

/** The readiness facts of an auto-calibrated server, checked for sanity. */
function chosen(extra: Record<string, string>) {
  const inlineBelow = Number(extra.inlineBelow);
  const hopUs = Number(extra.hopUs);
  assert.ok(Number.isInteger(inlineBelow), `inlineBelow=${extra.inlineBelow} is an integer`);
  // 0 = offload everything … MAX_N + 1 = answer every n served on the loop.
  assert.ok(inlineBelow >= 0 && inlineBelow <= MAX_N + 1, `inlineBelow=${inlineBelow} in 0..${MAX_N + 1}`);
  assert.ok(hopUs > 0 && hopUs < 1_000_000, `hopUs=${extra.hopUs} is a positive µs figure`);
  assert.ok(Number(extra.inlineUsMax) >= 0, `inlineUsMax=${extra.inlineUsMax}`);
  // The measuring is bounded by ~300 ms of deadlines (each overshot by at most one hop or batch).
  assert.ok(Number(extra.calibrationMs) <= 2000, `calibrationMs=${extra.calibrationMs} is bounded`);
  return inlineBelow;
}

/** n on both sides of the threshold (within 0..MAX_N), each answered exactly. */
async function answersExactly(port: number, threshold: number): Promise<void> {
  const client = await LineClient.connect(port);
  try {
    const ns = [...new Set([0, 1, threshold - 2, threshold - 1, threshold, threshold + 1, MAX_N])].filter(
      (n) => n >= 0 && n <= MAX_N,
    );
    for (const n of ns) assert.equal(await client.ask(`${n}\n`), String(fibReference(n)), `fib(${n})`);
  } finally {
    await client.close();
  }
}

function autoSuite(variant: string, runtime?: Runtime) {
  const on = runtime === undefined ? '' : ` on ${runtime.name}`;
  test(`${variant}${on} --inline-below auto: prints its choice and answers exactly either side of it`, async (t) => {
    const server = await startServer(
      variant,
      ['--inline-below', 'auto', '--max-n', String(MAX_N)],
      {},
      runtime === undefined ? {} : { runtime },
    );
    t.after(() => server.stop());
    const threshold = chosen(server.server.readiness.extra);
    t.diagnostic(`${variant}${on}: ${JSON.stringify(server.server.readiness.extra)}`);
    await answersExactly(server.port, threshold);
  });
}

for (const variant of ['native-async', 'pool', 'worker-per-connection', 'process-pool']) autoSuite(variant);

// Applied, not only printed: every worker dies when asked for n ≥ 2 (FIBLAB_TEST_CRASH_N=2-40;
// calibration's hops carry n = 1), so a value proves n was answered on the loop and
// `ERR EINTERNAL` proves it went to a worker.
for (const variant of ['pool', 'worker-per-connection', 'process-pool']) {
  test(`${variant} --inline-below auto: n below the printed threshold is answered on the loop, n at it by a worker; alone, up to aloneBelow`, async (t) => {
    const server = await startServer(variant, ['--inline-below', 'auto', '--max-n', '40', '--workers', '1'], {
      FIBLAB_TEST_CRASH_N: '2-40',
    });
    t.after(() => server.stop());
    const extra = server.server.readiness.extra;
    t.diagnostic(`${variant}: ${JSON.stringify(extra)}`);
    const [below, alone] = [Number(extra.inlineBelow), Number(extra.aloneBelow)];
    assert.ok(below >= 3, `inlineBelow=${extra.inlineBelow}: too low to show n = threshold−1 inline`);
    assert.ok(alone > below && alone <= 40, `aloneBelow=${extra.aloneBelow} between inlineBelow and max-n`);
    const offloaded = /^ERR EINTERNAL /;
    const a = await LineClient.connect(server.port);
    // Alone (the only connection, nothing in flight): inline up to aloneBelow − 1.
    assert.equal(await a.ask(`${alone - 1}\n`), FIB(alone - 1), `alone: fib(${alone - 1}) on the loop`);
    assert.match((await a.ask(`${alone}\n`)) ?? '', offloaded, `alone: fib(${alone}) offloaded`);
    // A second connection (a round trip proves the server has it): the threshold alone decides.
    const b = await LineClient.connect(server.port);
    assert.equal(await b.ask('1\n'), '1');
    assert.equal(await a.ask(`${below - 1}\n`), FIB(below - 1), `fib(${below - 1}) on the loop`);
    assert.match((await a.ask(`${below}\n`)) ?? '', offloaded, `fib(${below}) offloaded`);
    assert.match((await a.ask(`${alone - 1}\n`)) ?? '', offloaded, `not alone: fib(${alone - 1}) offloaded`);
    await Promise.all([a.close(), b.close()]);
  });
}

// native-async has no worker to crash: which threads computed says it instead. A batch of one n
// (sized from the printed inline cost to ~300 ms of work) answered on the loop grows the main
// thread's CPU time; offloaded, it grows the pool threads' (libuv's) more than the main thread's.
test('native-async --inline-below auto: thread CPU shows n below the printed threshold on the loop, n at it on the pool; alone, up to aloneBelow', async (t) => {
  const server = await startServer('native-async', ['--inline-below', 'auto', '--max-n', '40']);
  t.after(() => server.stop());
  const extra = server.server.readiness.extra;
  t.diagnostic(`native-async: ${JSON.stringify(extra)}`);
  const [below, alone, inlineUs] = [
    Number(extra.inlineBelow),
    Number(extra.aloneBelow),
    Number(extra.inlineUsMax),
  ];
  assert.ok(alone > below && alone <= 40, `aloneBelow=${extra.aloneBelow} between inlineBelow and max-n`);
  /** Where a batch of fib(n) on `client` ran: CPU ms of the main thread and of all others. */
  const where = async (client: LineClient, n: number) => {
    // fib(below − 1) costs about inlineUsMax; each n more costs φ times as much.
    const count = Math.min(20_000, Math.max(20, Math.ceil(300_000 / (inlineUs * 1.618 ** (n - below + 1)))));
    const before = threadCpuMs(server.pid);
    client.send(`${n}\n`.repeat(count));
    const replies = await client.take(count);
    assert.ok(
      replies.every((r) => r === FIB(n)),
      `fib(${n}) × ${count} answered exactly`,
    );
    let [main, others] = [0, 0];
    for (const [tid, ms] of threadCpuMs(server.pid)) {
      if (tid === server.pid) main += ms - (before.get(tid) ?? 0);
      else others += ms - (before.get(tid) ?? 0);
    }
    t.diagnostic(`fib(${n}) × ${count}: main thread ${main} ms, other threads ${others} ms`);
    return { main, others, n };
  };
  const onTheLoop = ({ main, others, n }: { main: number; others: number; n: number }) =>
    assert.ok(
      main >= 100 && others * 3 < main,
      `fib(${n}) on the loop: main ${main} ms, others ${others} ms`,
    );
  const offloaded = ({ main, others, n }: { main: number; others: number; n: number }) =>
    assert.ok(others > main, `fib(${n}) offloaded: main ${main} ms, others ${others} ms`);
  const a = await LineClient.connect(server.port);
  // Alone (the only connection; a batch is answered one at a time, so nothing of its own in flight).
  onTheLoop(await where(a, alone - 1));
  offloaded(await where(a, alone));
  // A second connection (a round trip proves the server has it): the threshold alone decides.
  const b = await LineClient.connect(server.port);
  assert.equal(await b.ask('1\n'), '1');
  onTheLoop(await where(a, below - 1));
  offloaded(await where(a, below));
  offloaded(await where(a, alone - 1));
  await Promise.all([a.close(), b.close()]);
});

for (const variant of ['event-loop', 'native-sync', 'cluster']) {
  test(`${variant} --inline-below auto: nothing leaves the event loop, so nothing is measured (inlineBelow=all)`, async (t) => {
    const server = await startServer(variant, ['--inline-below', 'auto', '--max-n', String(MAX_N)]);
    t.after(() => server.stop());
    const extra = server.server.readiness.extra;
    assert.equal(extra.inlineBelow, 'all');
    assert.equal(extra.hopUs, undefined);
    await answersExactly(server.port, MAX_N);
  });
}

for (const runtime of RUNTIMES) {
  if (runtime.name !== 'bun' && runtime.name !== 'deno') continue;
  const missing = skipUnlessRuntime(runtime);
  if (missing) {
    test(`--inline-below auto on ${runtime.name}: skipped — ${missing}`, { skip: missing }, () => {});
    continue;
  }
  for (const variant of ['native-async', 'pool']) {
    if (variantSupport(runtime.name, variant).ok) autoSuite(variant, runtime);
  }
}

test("--inline-below soon is a usage error that names the valid forms; the help shows 'auto'", async () => {
  const { code, stderr } = await runCli(['serve', '--inline-below', 'soon']);
  assert.equal(code, 2);
  assert.match(stderr, /--inline-below must be a whole number from 0 to 79 or 'auto', got 'soon'/);
  assert.equal(stderr.trimEnd().split('\n').length, 2, stderr);
  const help = await runCli(['serve', '--help']);
  assert.match(help.stdout, /--inline-below N\|auto +answer n below N on the event loop/);
  assert.match(help.stdout, /auto = measure the hop and the inline fib at start/);
});
