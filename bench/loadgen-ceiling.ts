/**
 * Is `fiblab load` the hidden ceiling? Runs it and a native Go client (bench/native-client) against
 * the same minimal server, 1 client, n=1, interleaved over 3 rounds in rotating order, and prints
 * both rates and their ratio (target: fiblab load ≥ 90 % of Go).
 *
 *   npm run build:ts && node --import tsx bench/loadgen-ceiling.ts [--duration 5] [--rounds 3]
 *
 * Needs Go on the PATH. Every process it starts is stopped by PID before it exits.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { describeEnvironment, formatEnvironment } from '../ts/environment.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { duration: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' } },
});
const DURATION_S = Number(values.duration);
const ROUNDS = Number(values.rounds);
const WARMUP_S = 1;
const TARGET = 0.9;
/** A client run may take warm-up + duration + grace; past this it is killed and the bench fails. */
const RUN_LIMIT_MS = (WARMUP_S + DURATION_S + 15) * 1000;

interface Server {
  child: ChildProcess;
  port: number;
}

/** Starts the minimal server on a free port and waits (bounded) for its readiness line. */
async function startServer(): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/minimal-server.ts', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('minimal server: no readiness line in 15 s')), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /fiblab listening .*\bport=(\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`minimal server exited early (${code})`)));
  }).catch(async (error: unknown) => {
    await stop(child);
    throw error;
  });
  return { child, port };
}

/** SIGTERM, up to 3 s to exit, then SIGKILL: by PID, never by name. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, 3000, 'timeout').unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

async function goClient(binary: string, port: number): Promise<{ reqPerSec: number; cpuPercent: number }> {
  const args = ['-port', String(port), '-n', '1', '-duration', `${DURATION_S}s`, '-warmup', `${WARMUP_S}s`];
  const { stdout } = await run(binary, args, { timeout: RUN_LIMIT_MS, killSignal: 'SIGKILL' });
  return JSON.parse(stdout) as { reqPerSec: number; cpuPercent: number };
}

async function fiblabLoad(port: number): Promise<{ reqPerSec: number; cpuPercent: number }> {
  const args = ['dist/cli.js', 'load', '--port', String(port), '--clients', '1', '--n', '1'];
  args.push('--duration', String(DURATION_S), '--warmup', String(WARMUP_S), '--json');
  const { stdout } = await run(process.execPath, args, {
    cwd: root,
    timeout: RUN_LIMIT_MS,
    killSignal: 'SIGKILL',
  });
  const report = JSON.parse(stdout) as {
    total: { reqPerSec: number };
    loadGenerator: { cpuPercent: number };
  };
  return { reqPerSec: report.total.reqPerSec, cpuPercent: report.loadGenerator.cpuPercent };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const rate = (x: number) => Math.round(x).toLocaleString('en-US').padStart(8);

/** Builds the Go client, starts the server, runs the rounds; returns the exit status. */
async function main(): Promise<number> {
  if (!existsSync(path.join(root, 'dist/cli.js'))) {
    console.error('loadgen-ceiling: dist/cli.js is missing; run `npm run build:ts` first');
    return 1;
  }
  const go: number[] = [];
  const fiblab: number[] = [];
  const temp = mkdtempSync(path.join(os.tmpdir(), 'fiblab-ceiling-'));
  try {
    const binary = path.join(temp, 'native-client');
    await run('go', ['build', '-o', binary, '.'], {
      cwd: path.join(root, 'bench/native-client'),
      timeout: 120_000,
    });
    console.log(formatEnvironment(describeEnvironment()));
    console.log(
      `1 client, n=1, warm-up ${WARMUP_S} s, measured ${DURATION_S} s, ${ROUNDS} rounds in rotating order; ` +
        'server: bench/minimal-server.ts. Server and client share the cores.\n',
    );
    const server = await startServer();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        // Rotate who goes first, so warm caches or a noisy neighbour do not always favour one side.
        const order = round % 2 === 0 ? (['go', 'fiblab'] as const) : (['fiblab', 'go'] as const);
        const line: string[] = [`round ${round + 1}:`];
        for (const who of order) {
          if (who === 'go') {
            const result = await goClient(binary, server.port);
            go.push(result.reqPerSec);
            line.push(`go ${rate(result.reqPerSec)} req/s (CPU ${Math.round(result.cpuPercent)} %)`);
          } else {
            const result = await fiblabLoad(server.port);
            fiblab.push(result.reqPerSec);
            line.push(`fiblab load ${rate(result.reqPerSec)} req/s (CPU ${Math.round(result.cpuPercent)} %)`);
          }
        }
        console.log(line.join('   '));
      }
    } finally {
      await stop(server.child);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }

  const ratio = median(fiblab) / median(go);
  console.log(`\nmedian   go ${rate(median(go))} req/s   fiblab load ${rate(median(fiblab))} req/s`);
  console.log(
    `fiblab load / go = ${ratio.toFixed(3)}  (${ratio >= TARGET ? 'meets' : 'BELOW'} the ${TARGET * 100} % target)`,
  );
  return ratio >= TARGET ? 0 : 1;
}

process.exitCode = await main();
