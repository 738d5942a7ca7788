/**
 * `npm run bench:overhead`: is the server core thin? The `event-loop` variant against the minimal
 * hand-written `net` server (bench/minimal-server.ts) and the Go peer, one closed-loop client at
 * n=1 — pure per-request cost. Rounds interleave the servers in rotating order; medians reported.
 * Server and load generator share the machine's cores: read the ratios, not the absolute rates.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// The compiled load generator: its client workers are .js files next to it.
import { runLoad } from '../dist/load/run.js';
import { describeEnvironment, formatEnvironment } from '../ts/environment.js';
import { startChildServer, stopChildServer } from '../ts/server/child-server.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '3' },
    n: { type: 'string', default: '1' },
  },
});
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const MINIMAL = fileURLToPath(new URL('./minimal-server.ts', import.meta.url));

const servers: Record<string, string[]> = {
  minimal: ['--import', 'tsx', MINIMAL, '--port', '0'],
  'event-loop': [CLI, 'serve', '--variant', 'event-loop', '--port', '0'],
  'native-sync': [CLI, 'serve', '--variant', 'native-sync', '--port', '0'],
  'go (peer)': [CLI, 'serve', '--variant', 'go', '--port', '0'],
};

console.log(formatEnvironment(describeEnvironment()));
console.log(
  `1 client, n=${values.n}, ${values.duration} s per run, ${values.rounds} rounds, rotating order\n`,
);
const names = Object.keys(servers);
const rates: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < Number(values.rounds); round++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + round) % names.length] as string;
    const server = await startChildServer(process.execPath, servers[name] as string[], { timeoutMs: 60_000 });
    try {
      const report = await runLoad({
        groups: [{ n: Number(values.n), clients: 1 }],
        ports: server.readiness.ports,
        warmupS: 1,
        durationS: Number(values.duration),
      });
      if (report.total.wrongAnswers > 0) throw new Error(`${name}: wrong answers`);
      rates[name]?.push(report.total.reqPerSec);
      console.log(
        `round ${round + 1}  ${name.padEnd(12)} ${Math.round(report.total.reqPerSec).toLocaleString('en-US').padStart(8)} req/s`,
      );
    } finally {
      await stopChildServer(server, 5000);
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const base = median(rates.minimal as number[]);
console.log('\nmedian req/s and ratio to the minimal server:');
for (const name of names) {
  const m = median(rates[name] as number[]);
  console.log(
    `  ${name.padEnd(12)} ${Math.round(m).toLocaleString('en-US').padStart(8)}   ${(m / base).toFixed(2)}×`,
  );
}
