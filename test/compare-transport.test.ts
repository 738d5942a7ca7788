/** `fiblab compare --transport`: servers and load generator over HTTP, or both side by side in the same rounds. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './fixtures/run-cli.js';
import { minimalCompareArgs } from './helpers/compare-args.js';

// The compare runs here check what a run does and says, not its figures: each server is warmed 0.2 s after its
// start instead of 1 s (test-only; docs/testing.md).
process.env.FIBLAB_TEST_SERVER_WARMUP = '0.2';

test('--transport both: each server also over HTTP, paired HTTP ÷ TCP ratios, a TCP-vs-HTTP table', {
  timeout: 240_000,
}, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'fiblab-compare-http-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const result = await runCli(
    ['compare', '--transport', 'both', ...minimalCompareArgs(out, { only: 'event-loop,go,py-async' })],
    230_000,
  );
  assert.equal(result.code, 0, result.stderr);
  const doc = JSON.parse(result.stdout);
  type Rec = { variant: string; transport?: string; wrongAnswers: number; reqPerSec: number };
  const records = doc.records as Rec[];
  const measured = (variant: string, transport: string | undefined) =>
    records.filter((r) => r.variant === variant && r.transport === transport);
  for (const variant of ['event-loop', 'go']) {
    assert.equal(measured(variant, undefined).length, 2, `${variant} over TCP, one slice per round`);
    assert.equal(measured(variant, 'http').length, 2, `${variant} over HTTP, one slice per round`);
  }
  assert.equal(measured('py-async', undefined).length, 2, 'py-async over TCP');
  assert.equal(measured('py-async', 'http').length, 0, 'py-async has no HTTP server: not measured over it');
  assert.ok(records.every((r) => r.wrongAnswers === 0 && r.reqPerSec > 0));
  type Sum = { variant: string; transport?: string; vsTcp?: { reqPerSec: { pairs: number } | null } };
  const http = (doc.summaries as Sum[]).filter((s) => s.transport === 'http');
  assert.deepEqual(http.map((s) => s.variant).sort(), ['event-loop', 'go']);
  for (const s of http) assert.equal(s.vsTcp?.reqPerSec?.pairs, 2, `${s.variant}: paired over both rounds`);
  const markdown = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.md')) as string), 'utf8');
  assert.match(markdown, /### TCP vs HTTP: what HTTP costs each model/);
  assert.match(markdown, /\| event-loop +\| io 1 cl\. /);
});

test('--transport http: every server over HTTP; py-async says why it is not there', {
  timeout: 120_000,
}, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'fiblab-compare-http-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const result = await runCli(
    ['compare', '--transport', 'http', ...minimalCompareArgs(out, { only: 'event-loop,py-async' })],
    110_000,
  );
  assert.equal(result.code, 0, result.stderr);
  const doc = JSON.parse(result.stdout);
  assert.ok(doc.records.length > 0);
  assert.ok(doc.records.every((r: { transport?: string }) => r.transport === 'http'));
  assert.deepEqual(
    doc.unavailable.map((u: { variant: string; reason: string }) => `${u.variant}: ${u.reason}`),
    ['py-async: not available over HTTP: asyncio has no HTTP server in the standard library'],
  );
});

test('--transport with a bad value: one line and the usage, exit 2', async () => {
  const result = await runCli(['compare', '--transport', 'udp']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--transport must be one of tcp, http, both, got 'udp'/);
});
