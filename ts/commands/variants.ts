/**
 * `fiblab variants`: the registry as a table within 120 columns; `--wide` one line a variant,
 * `--json` or `--markdown` (the README's table) for scripts.
 */

import { runCommand, UsageError } from '../cli/command.js';
import { VARIANTS } from '../variants/registry.js';
import { variantsMarkdown, variantsText, variantsWideText } from '../variants/tables.js';

const VARIANTS_COMMAND = {
  name: 'fiblab variants',
  synopsis: 'fiblab variants [--wide | --json | --markdown]',
  description: 'Lists the server variants: name, compute strategy / process model, seed row, what it shows.',
  flags: {
    wide: { type: 'boolean', help: 'one line a variant, wider than 120 columns' },
    json: { type: 'boolean', help: 'the registry as JSON' },
    markdown: { type: 'boolean', help: "the table as Markdown (docs/variants.md's)" },
  },
} as const;

/** Runs `fiblab variants`; resolves with the exit status. */
export function variantsCli(argv: string[]): Promise<number> {
  return runCommand(VARIANTS_COMMAND, argv, (values) => {
    const chosen = (['wide', 'json', 'markdown'] as const).filter((flag) => values[flag]);
    if (chosen.length > 1) throw new UsageError(`give one of --${chosen.join(', --')}, not more`);
    if (values.wide) process.stdout.write(`${variantsWideText()}\n`);
    else if (values.json) process.stdout.write(`${JSON.stringify(VARIANTS, null, 2)}\n`);
    else if (values.markdown) process.stdout.write(`${variantsMarkdown()}\n`);
    else process.stdout.write(`${variantsText()}\n`);
    return 0;
  });
}
