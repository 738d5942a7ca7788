/**
 * `npm run bench:overhead`: is the server core thin? The `event-loop` variant against the minimal
 * hand-written `net` server (bench/minimal-server.ts) and the Go peer, one closed-loop client at
 * n=1 — pure per-request cost. Rounds interleave the servers in rotating order; medians reported.
 * Server and load generator share the machine's cores: read the ratios, not the absolute rates.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type LaunchCommand, serveCommand, startServer } from '../dist/launch/serve-command.js';
// The compiled load generator: its client workers are .js files next to it.
import { runLoad } from '../dist/load/run.js';
import { findVariant, type Variant } from '../dist/variants/registry.js';
import { describeEnvironment, formatEnvironment } from '../ts/environment.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '3' },
    n: { type: 'string', default: '1' },
  },
});
const MINIMAL = fileURLToPath(new URL('./minimal-server.ts', import.meta.url));

const fiblab = async (name: string) => serveCommand(findVariant(name) as Variant, 'self', { port: 0 });
const servers: Record<string, LaunchCommand> = {
  minimal: { command: process.execPath, args: ['--import', 'tsx', MINIMAL, '--port', '0'], env: {} },
  'event-loop': await fiblab('event-loop'),
  'native-sync': await fiblab('native-sync'),
  'go (peer)': await fiblab('go'),
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
    const server = await startServer(servers[name] as LaunchCommand, { stderr: 'inherit' });
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
      await server.stop(5000);
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
