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

/** The widest a terminal table may be by default, in columns. */
export const TERMINAL_COLUMNS = 120;

/** Plain columns for the terminal, one line per variant (`fiblab variants --wide`; ~260 columns). */
export function variantsWideText(): string {
  return textTable({ header: HEADER, rows: VARIANTS.map(cells) });
}

/**
 * Plain columns within `columns` (`fiblab variants`): name, how and seed row on one line, what
 * it shows below it, indented and wrapped.
 */
export function variantsText(columns = TERMINAL_COLUMNS): string {
  const table = textTable({ header: HEADER.slice(0, 3), rows: VARIANTS.map((v) => cells(v).slice(0, 3)) });
  const [header, rule, ...rows] = table.split('\n');
  const body = VARIANTS.flatMap((v, i) => [
    rows[i] as string,
    ...wrap(v.description, columns - INDENT.length).map((line) => INDENT + line),
  ]);
  return [`${header}\n${INDENT}${HEADER[3]}`, rule, ...body].join('\n');
}

const INDENT = '    ';

/** `text` in lines of at most `width` columns, broken at spaces (a longer word stands alone). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
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
