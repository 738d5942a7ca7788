#!/usr/bin/env node
/** `fiblab` — the command line. Each command's front-end is in commands/ and is loaded on demand. */
import { readFileSync } from 'node:fs';

const USAGE = `fiblab — where should CPU-bound work run in Node.js?

Usage: fiblab <command> [options]     (fiblab <command> --help for its options)

Commands:
  serve       start one server variant (the line protocol on TCP, default 127.0.0.1:25000)
  variants    list the server variants: name, seed row, what it shows
  load        the load generator: closed-loop clients, req/s and latency percentiles
  compare     measure every variant, peer and runtime in one run and print the seed's tables
  diff        two saved compare runs, cell by cell: new ÷ old with 95 % intervals between runs
  runtimes    the JS runtimes (Node 20, Node LTS, Bun, Deno): versions and which variants run on each
  help [CMD]  this text, or CMD's options

Options:
  -h, --help      this text
  -V, --version   fiblab's version
`;

type CommandMain = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<CommandMain>> = {
  serve: async () => (await import('./commands/serve.js')).serveCli,
  variants: async () => (await import('./commands/variants.js')).variantsCli,
  load: async () => (await import('./commands/load.js')).runLoadCli,
  compare: async () => (await import('./commands/compare.js')).compareCli,
  diff: async () => (await import('./commands/diff.js')).diffCli,
  runtimes: async () => (await import('./commands/runtimes.js')).runtimesCli,
};

const version = (): string =>
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

const [first, ...afterFirst] = process.argv.slice(2);
// `fiblab help CMD` is `fiblab CMD --help`.
const helpFor = first === 'help' && afterFirst[0] !== undefined ? afterFirst[0] : undefined;
const [command, ...rest] = helpFor === undefined ? [first, ...afterFirst] : [helpFor, '--help'];
if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
  process.stdout.write(USAGE);
} else if (command === '--version' || command === '-V') {
  process.stdout.write(`fiblab ${version()}\n`);
} else {
  const load = commands[command];
  if (load === undefined) {
    process.stderr.write(
      `fiblab: unknown command '${command}'\nUsage: fiblab <command> [options]   ('fiblab --help' for the commands)\n`,
    );
    process.exitCode = 2;
  } else {
    process.exitCode = await (await load())(rest);
    // A command is done when its promise settles: a handle left open by a library (a pool's
    // worker, an IPC channel) must not keep the process alive after a graceful shutdown.
    setTimeout(() => process.exit(), 2000).unref();
  }
}
