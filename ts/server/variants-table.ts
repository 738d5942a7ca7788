/** The variant registry as the tables `fiblab variants` prints and the README shows. */
import { markdownTable } from '../compare/markdown.js';
import { VARIANTS, type Variant } from './variants.js';

const HEADER = ['variant', 'strategy / process model', 'seed row', 'what it shows'];

function cells(v: Variant): string[] {
  return [
    v.name,
    v.kind === 'ts' ? `${v.strategy} / ${v.processModel}` : `peer (${v.language}), beside ${v.counterpart}`,
    v.seedRow ?? '—',
    v.description,
  ];
}

/** Plain columns for the terminal. */
export function variantsText(): string {
  const rows = VARIANTS.map(cells);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (row: string[]) =>
    row.map((c, i) => (i < row.length - 1 ? c.padEnd(widths[i] as number) : c)).join('  ');
  return [line(HEADER), ...rows.map(line)].join('\n');
}

/** The Markdown table the README embeds (a test keeps the two equal). */
export function variantsMarkdown(): string {
  return markdownTable(
    HEADER,
    VARIANTS.map((v) => {
      const [name, how, seed, what] = cells(v);
      return [`\`${name}\``, how as string, seed === '—' ? '—' : `\`${seed}\``, what as string];
    }),
  );
}
