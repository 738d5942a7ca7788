/** The variant registry as the table `fiblab variants` prints and the README shows. */
import { markdownTable, type Table, textTable } from '../render/table.js';
import { ANSWER_VARIANT, VARIANTS, type Variant } from './registry.js';

const HEADER = ['variant', 'strategy / process model', 'seed row', 'what it shows'];

function cells(v: Variant): string[] {
  return [
    v.name,
    v.kind === 'ts' ? `${v.strategy} / ${v.processModel}` : `peer (${v.language}), beside ${v.counterpart}`,
    v.seedRow ?? (v.name === ANSWER_VARIANT ? "— (fiblab's own answer)" : '—'),
    v.description,
  ];
}

/** Plain columns for the terminal. */
export function variantsText(): string {
  return textTable({ header: HEADER, rows: VARIANTS.map(cells) });
}

/** The Markdown table the README embeds (a test keeps the two equal). */
export function variantsMarkdown(): string {
  const table: Table = {
    header: HEADER,
    rows: VARIANTS.map((v) => {
      const [name, how, seed, what] = cells(v);
      return [`\`${name}\``, how as string, seed?.startsWith('—') ? seed : `\`${seed}\``, what as string];
    }),
  };
  return markdownTable(table);
}
