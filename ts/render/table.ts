/**
 * The one table renderer: every table fiblab prints or writes (variants, runtimes, compare) goes
 * through it, as Markdown for files and the README or as plain columns for the terminal.
 */

/** Column alignment: left or right (numbers). */
export type Align = 'l' | 'r';

/** A table: a header row, body rows and per-column alignment (left if not given). */
export interface Table {
  header: readonly string[];
  rows: readonly (readonly string[])[];
  align?: readonly Align[];
}

/** Display width of a cell: code points, so `×` and `–` count as one column. */
const width = (text: string): number => [...text].length;
const pad = (text: string, to: number, align: Align | undefined) =>
  align === 'r' ? ' '.repeat(to - width(text)) + text : text + ' '.repeat(to - width(text));

function columnWidths(table: Table): number[] {
  return table.header.map((h, i) => Math.max(width(h), ...table.rows.map((row) => width(row[i] ?? ''))));
}

/** A Markdown table with padded columns, so it reads the same as source and rendered. */
export function markdownTable(table: Table): string {
  const widths = columnWidths(table);
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => pad(cells[i] ?? '', w, table.align?.[i])).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (table.align?.[i] === 'r' ? `${'-'.repeat(Math.max(w - 1, 1))}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(table.header), rule, ...table.rows.map(line)].join('\n');
}

/** Plain columns for a terminal: two spaces between columns, a rule under the header, no trailing blanks. */
export function textTable(table: Table): string {
  const widths = columnWidths(table);
  const line = (cells: readonly string[]) =>
    widths
      .map((w, i) => pad(cells[i] ?? '', w, table.align?.[i]))
      .join('  ')
      .trimEnd();
  return [line(table.header), widths.map((w) => '─'.repeat(w)).join('  '), ...table.rows.map(line)].join(
    '\n',
  );
}

/** The widest line of a rendered table, in columns (what "fits 120 columns" is checked against). */
export function renderedWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map(width));
}
