#!/usr/bin/env node
/**
 * `node scripts/platform-smoke.mjs [--compare]`: the smoke checks of .github/workflows/platforms.yml,
 * the same on a developer's machine (Linux, macOS, Windows). Needs the build (dist/ and the addon).
 *
 *   serve + load   each variant below: `fiblab serve` started on a free port, its readiness line
 *                  read, one reply checked by hand, `fiblab load` for 2 s (every reply right),
 *                  then the server stopped by PID (SIGTERM, 10 s, SIGKILL)
 *   fd limit       (POSIX) a server started under `ulimit -n 256` says `fdLimit=256` in its readiness
 *                  line and lowers --max-connections below it (the real limit, read on every OS)
 *   pinning        (not Linux) `compare --server-cpus` refused before any server starts, saying why
 *   --compare      a short `fiblab compare` (event-loop, native-async; io and cpu): every record
 *                  has its memory, and its CPU or the report's reason why not; the sampler named
 *
 * Exit status 0 when everything passed, 1 otherwise (each failure on one line).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseReadiness } from '../dist/server/readiness.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const VARIANTS = ['event-loop', 'native-sync', 'native-async', 'pool', 'process-pool', 'cluster'];
const failures = [];
const fail = (what) => {
  failures.push(what);
  process.stderr.write(`FAIL ${what}\n`);
};

/**
 * Starts `fiblab serve --variant V --port 0` (under a shell that first runs `limit`, if given);
 * resolves with its PID, port and readiness facts once ready (30 s bound).
 */
function serve(variant, limit) {
  const argv = [CLI, 'serve', '--variant', variant, '--port', '0'];
  const quoted = [process.execPath, ...argv].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  // `exec`: the shell becomes the server, so its PID is the server's.
  const child =
    limit === undefined
      ? spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] })
      : spawn('sh', ['-c', `${limit} && exec ${quoted}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${variant}: no readiness line within 30 s`));
    }, 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const readiness = parseReadiness(line);
      if (readiness === undefined) return;
      clearTimeout(timer);
      resolve({ child, port: readiness.port, extra: readiness.extra, exited, line });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${variant} exited (${code}) before it was ready`));
    });
  });
}

/** Sends `n` and resolves with the reply line (10 s bound). */
function ask(port, n) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => socket.write(`${n}\n`));
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply to ${n} within 10 s`));
    }, 10_000);
    socket.setEncoding('utf8').on('data', (chunk) => {
      text += chunk;
      if (!text.includes('\n')) return;
      clearTimeout(timer);
      socket.end();
      resolve(text.trim());
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** SIGTERM, up to 10 s, then SIGKILL: by PID. */
async function stop(server) {
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  const code = await server.exited;
  clearTimeout(timer);
  return code;
}

async function serveAndLoad(variant) {
  const server = await serve(variant);
  try {
    const reply = await ask(server.port, 30);
    if (reply !== '832040') fail(`${variant}: fib(30) answered '${reply}'`);
    const load = spawnSync(
      process.execPath,
      [
        CLI,
        'load',
        '--port',
        String(server.port),
        '--n',
        '20',
        '--clients',
        '2',
        '--duration',
        '2s',
        '--json',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (load.status !== 0)
      return fail(`${variant}: fiblab load exited ${load.status}: ${load.stderr.trim()}`);
    const { total } = JSON.parse(load.stdout);
    if (!(total.requests > 0) || total.wrongAnswers !== 0)
      fail(`${variant}: load got ${total.requests} replies, ${total.wrongAnswers} wrong`);
    else process.stdout.write(`ok ${variant}: ${Math.round(total.reqPerSec)} req/s, fib(30) = ${reply}\n`);
  } finally {
    await stop(server);
  }
}

async function fdLimit() {
  // Soft and hard: Node raises its soft limit to the hard one when it starts.
  const server = await serve('event-loop', 'ulimit -Sn 256 && ulimit -Hn 256');
  try {
    const max = Number(server.extra.maxConnections);
    if (server.extra.fdLimit !== '256' || !(max > 0 && max < 256))
      fail(
        `fd limit: under ulimit -n 256 the readiness line says fdLimit=${server.extra.fdLimit} maxConnections=${server.extra.maxConnections}`,
      );
    else process.stdout.write(`ok fd limit: fdLimit=256, --max-connections lowered to ${max}\n`);
  } finally {
    await stop(server);
  }
}

async function shortCompare() {
  const out = mkdtempSync(join(tmpdir(), 'fiblab-smoke-'));
  try {
    const run = spawnSync(
      process.execPath,
      [
        CLI,
        'compare',
        '--only',
        'event-loop,native-async',
        '--runtimes',
        'node',
        '--scenarios',
        'io,cpu',
        '--clients',
        '1',
        '--rounds',
        '2',
        '--slice',
        '0.5s',
        '--out',
        out,
        '--json',
      ],
      { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
    );
    if (run.status !== 0)
      return fail(`compare exited ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    const doc = JSON.parse(run.stdout);
    const sampling = doc.environment.sampling;
    if (sampling === undefined) return fail('compare: the report names no sampler');
    // A clock too coarse for a slice (procps ps: 1 s) leaves the slice's CPU null: then the record
    // keeps its reading for the cell's whole time (coarseCpu) and the report says why.
    const coarseNa = sampling.missing.some((m) => m.startsWith('CPU per slice'));
    for (const r of doc.records) {
      const cell = `${r.variant} ${r.scenario}`;
      if (r.serverRssMiB === null) fail(`compare ${cell}: no peak RSS`);
      if (r.serverCpu === null && !(coarseNa && r.coarseCpu !== undefined))
        fail(`compare ${cell}: no CPU, and no reason given`);
    }
    process.stdout.write(
      `ok compare: ${doc.records.length} slices; sampler ${sampling.process}, CPU step ${sampling.cpuResolutionMs} ms; n/a: ${sampling.missing.join('; ') || 'none'}\n`,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Off Linux there is no thread pinning: compare must refuse --server-cpus at once and say so. */
function pinningRefused() {
  const out = mkdtempSync(join(tmpdir(), 'fiblab-smoke-'));
  try {
    const args = [
      'compare',
      '--only',
      'event-loop',
      '--runtimes',
      'node',
      '--scenarios',
      'io',
      '--clients',
      '1',
    ];
    const run = spawnSync(
      process.execPath,
      [CLI, ...args, '--rounds', '2', '--server-cpus', '0', '--load-cpus', '1', '--out', out],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (run.status === 0 || !run.stderr.includes('works on Linux only'))
      fail(
        `pinning: compare --server-cpus exited ${run.status}: ${run.stderr.trim().split('\n').slice(-2).join(' / ')}`,
      );
    else if (/ready|serving/i.test(run.stdout)) fail('pinning: a server started before the refusal');
    else process.stdout.write(`ok pinning refused: ${run.stderr.trim().split('\n').at(-1)}\n`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const { values } = parseArgs({ options: { compare: { type: 'boolean' } } });
for (const variant of VARIANTS)
  await serveAndLoad(variant).catch((error) => fail(`${variant}: ${error.message}`));
if (process.platform !== 'win32') await fdLimit().catch((error) => fail(`fd limit: ${error.message}`));
if (process.platform !== 'linux') pinningRefused();
if (values.compare) await shortCompare().catch((error) => fail(`compare: ${error.message}`));
process.stdout.write(
  failures.length === 0 ? 'platform smoke: all passed\n' : `platform smoke: ${failures.length} failed\n`,
);
process.exitCode = failures.length === 0 ? 0 : 1;
