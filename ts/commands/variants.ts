/** `fiblab variants`: the registry as a table; `--json` or `--markdown` (the README's table) for scripts. */

import { runCommand, UsageError } from '../cli/command.js';
import { VARIANTS } from '../variants/registry.js';
import { variantsMarkdown, variantsText } from '../variants/tables.js';

const VARIANTS_COMMAND = {
  name: 'fiblab variants',
  synopsis: 'fiblab variants [--json | --markdown]',
  description: 'Lists the server variants: name, compute strategy / process model, seed row, what it shows.',
  flags: {
    json: { type: 'boolean', help: 'the registry as JSON' },
    markdown: { type: 'boolean', help: "the table as Markdown (docs/variants.md's)" },
  },
} as const;

/** Runs `fiblab variants`; resolves with the exit status. */
export function variantsCli(argv: string[]): Promise<number> {
  return runCommand(VARIANTS_COMMAND, argv, (values) => {
    if (values.json && values.markdown) throw new UsageError('give --json or --markdown, not both');
    if (values.json) process.stdout.write(`${JSON.stringify(VARIANTS, null, 2)}\n`);
    else if (values.markdown) process.stdout.write(`${variantsMarkdown()}\n`);
    else process.stdout.write(`${variantsText()}\n`);
    return 0;
  });
}
