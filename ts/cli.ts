#!/usr/bin/env node
/** `fiblab` — the command line. Each command lives with its axis and is loaded on demand. */
const USAGE = `fiblab — where should CPU-bound work run in Node.js?

Usage: fiblab <command> [options]     (fiblab <command> --help for its options)

Commands:
  serve       start one server variant (the line protocol on TCP, default 127.0.0.1:25000)
  variants    list the server variants: name, seed row, what it shows
  load        the load generator: closed-loop clients, req/s and latency percentiles
  runtimes    the JS runtimes (Node 20, Node LTS, Bun, Deno): versions and which variants run on each
  help        this text
`;

type CommandMain = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<CommandMain>> = {
  serve: async () => (await import('./server/cli.js')).serveCli,
  variants: async () => (await import('./server/cli.js')).variantsCli,
  load: async () => (await import('./load/cli.js')).runLoadCli,
  runtimes: async () => (await import('./runtimes/cli.js')).runtimesCli,
};

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
  process.stdout.write(USAGE);
} else {
  const load = commands[command];
  if (load === undefined) {
    process.stderr.write(`fiblab: unknown command '${command}'\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    process.exitCode = await (await load())(rest);
    // A command is done when its promise settles: a handle left open by a library (a pool's
    // worker, an IPC channel) must not keep the process alive after a graceful shutdown.
    setTimeout(() => process.exit(), 2000).unref();
  }
}
