/**
 * `npm run bench:syscalls`: what each reply costs the kernel. Each server is started, warmed,
 * then traced with `strace -c -f` (every process and thread of its tree) while closed-loop
 * clients run; the counts are divided by the replies the load generator counted in that
 * window. At n=1 a server's own CPU is mostly these system calls (a CPU profile of event-loop
 * shows ~40 % of its samples inside the socket write, most of the rest idle): they set the
 * limit on how far any server can pull ahead of another at n=1.
 * Tracing slows every server, so the rates printed here are not the servers' rates; the
 * calls per reply are what to read. Needs strace (Linux).
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { descendants } from '../dist/launch/process-tree.js';
import { serveCommand, startServer } from '../dist/launch/serve-command.js';
import { runLoad } from '../dist/load/run.js';
import { findVariant, type Variant } from '../dist/variants/registry.js';

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: 'answer,cluster+native-sync,event-loop,go' },
    n: { type: 'string', default: '1' },
    clients: { type: 'string', default: '2' },
    duration: { type: 'string', default: '3' },
  },
});
const n = Number(values.n);
const clients = Number(values.clients);
const durationS = Number(values.duration);

interface Count {
  syscall: string;
  calls: number;
  errors: number;
}

/** The table `strace -c` writes: `% time  seconds  usecs/call  calls  errors  syscall`. */
function parseSummary(text: string): Count[] {
  const counts: Count[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 5 || !/^\d/.test(cols[0] ?? '') || cols.at(-1) === 'total') continue;
    const syscall = cols.at(-1) as string;
    // The errors column is empty when there were none.
    const [calls, errors] = cols.length === 6 ? [cols[3], cols[4]] : [cols[3], '0'];
    counts.push({ syscall, calls: Number(calls), errors: Number(errors) });
  }
  return counts;
}

/** Attaches strace to every task of the tree under `pid`; resolves once every one is attached. */
async function attach(pid: number, out: string) {
  const pids = [pid, ...descendants(pid)];
  const tracer = spawn('strace', ['-c', '-f', '-o', out, ...pids.flatMap((p) => ['-p', String(p)])], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let attached = 0;
  await new Promise<void>((resolve, reject) => {
    tracer.once('error', reject);
    tracer.once('exit', (code) => reject(new Error(`strace exited (${code}) before attaching`)));
    tracer.stderr.setEncoding('utf8').on('data', (text: string) => {
      attached += (text.match(/attached/g) ?? []).length;
      if (attached >= pids.length) resolve();
    });
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        tracer.removeAllListeners('exit');
        tracer.once('exit', () => resolve());
        tracer.kill('SIGINT');
      }),
  };
}

console.log(
  `n=${n}, ${clients} closed-loop clients, ${durationS} s traced per server; system calls per reply (strace -c -f on the server's whole tree).\nServer and load generator share the machine's cores; tracing slows every server, so read the calls, not the rates.\n`,
);
for (const name of (values.variants as string).split(',')) {
  const variant = findVariant(name) as Variant | undefined;
  if (variant === undefined) throw new Error(`unknown variant ${name}`);
  const server = await startServer(await serveCommand(variant, 'self', { port: 0 }), { stderr: 'inherit' });
  const out = join(tmpdir(), `fiblab-strace-${process.pid}-${server.pid}.txt`);
  try {
    await runLoad({ groups: [{ n, clients }], ports: server.readiness.ports, warmupS: 0, durationS: 1 });
    const tracer = await attach(server.pid, out);
    const report = await runLoad({
      groups: [{ n, clients }],
      ports: server.readiness.ports,
      warmupS: 0,
      durationS,
    });
    await tracer.stop();
    if (report.total.wrongAnswers > 0) throw new Error(`${name}: wrong answers`);
    const replies = report.total.requests;
    const counts = parseSummary(await readFile(out, 'utf8')).sort((a, b) => b.calls - a.calls);
    const total = counts.reduce((sum, c) => sum + c.calls, 0);
    const top = counts
      .slice(0, 6)
      .map(
        (c) =>
          `${c.syscall} ${(c.calls / replies).toFixed(2)}${c.errors > 0 ? ` (${(c.errors / replies).toFixed(2)} failed)` : ''}`,
      )
      .join(', ');
    console.log(
      `${name.padEnd(22)} ${(total / replies).toFixed(2).padStart(6)} calls/reply  ${top}  [${replies} replies]`,
    );
  } finally {
    await server.stop(5000);
    await rm(out, { force: true });
  }
}
