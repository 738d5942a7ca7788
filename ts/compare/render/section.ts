/** One section of the compare report, and its Markdown or terminal text (the HTML report renders the same sections). */
import { markdownTable, type Table, textTable } from '../../render/table.js';
import { wrap } from '../../render/wrap.js';
import type { ReportStyle } from './format.js';

/** A titled part of the report: a paragraph, tables, and for the terminal a legend. */
export interface ReportSection {
  /** Stable name (HTML anchors, tests): `headline`, `io`, `sweep`, `crossovers`, `warnings`, … */
  id: string;
  title: string;
  /** The paragraph under the title ('' for none). */
  about: string;
  tables: Array<{ caption?: string; table: Table }>;
  /** A note after the tables (the terminal's column legend); already wrapped. */
  legend?: string;
  /** A list instead of tables (warnings); `empty` says what an empty list means. */
  bullets?: { items: string[]; empty: string };
}

/** The section as Markdown (`### title`) or terminal text (title underlined, wrapped at 118 columns). */
export function renderSection(section: ReportSection, style: ReportStyle): string {
  const render = style === 'markdown' ? markdownTable : textTable;
  const heading =
    style === 'markdown' ? `### ${section.title}` : `${section.title}\n${'═'.repeat(section.title.length)}`;
  const para = (text: string) => (style === 'terminal' ? wrap(text, 118) : text);
  const parts = [heading];
  if (section.about !== '') parts.push(para(section.about));
  if (section.bullets !== undefined) {
    const bullet = (w: string) => (style === 'markdown' ? `- ${w}` : wrap(`! ${w}`, 118, '  '));
    parts.push(
      section.bullets.items.length === 0
        ? section.bullets.empty
        : section.bullets.items.map(bullet).join('\n'),
    );
  }
  section.tables.forEach(({ caption, table }, i) => {
    const text = render(table);
    const last = i === section.tables.length - 1;
    parts.push(
      `${caption === undefined ? '' : `${para(caption)}\n\n`}${text}${last ? (section.legend ?? '') : ''}`,
    );
  });
  return parts.join('\n\n');
}
