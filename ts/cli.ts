#!/usr/bin/env node
/** `fiblab` — the command line. Subcommands are added as the servers and load generator land. */
const USAGE = `fiblab — where should CPU-bound work run in Node.js?

Usage: fiblab <command> [options]

Commands:
  help        this text
`;

const [command] = process.argv.slice(2);
if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
  process.stdout.write(USAGE);
} else {
  process.stderr.write(`fiblab: unknown command '${command}'\n\n${USAGE}`);
  process.exitCode = 2;
}
