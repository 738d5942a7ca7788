import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownTable, renderedWidth, textTable } from '../ts/render/table.js';
import { wrap } from '../ts/render/wrap.js';

const table = {
  header: ['variant', 'req/s'],
  rows: [
    ['event-loop', '15,577'],
    ['go (go)', '1.04× ±4%'],
  ],
  align: ['l', 'r'] as const,
};

test('one table, two styles: Markdown with a rule row, text with aligned columns', () => {
  assert.equal(
    markdownTable(table),
    [
      '| variant    |     req/s |',
      '| ---------- | --------: |',
      '| event-loop |    15,577 |',
      '| go (go)    | 1.04× ±4% |',
    ].join('\n'),
  );
  assert.equal(
    textTable(table),
    ['variant         req/s', '──────────  ─────────', 'event-loop     15,577', 'go (go)     1.04× ±4%'].join(
      '\n',
    ),
  );
});

test('widths count characters, not bytes (× and – are one column)', () => {
  assert.equal(renderedWidth(textTable(table)), 21);
});

test('wrap keeps a paragraph’s indent, breaks at spaces within the width, and continues with the indent given', () => {
  const text = wrap('  • one two three four five', 12, '    ');
  assert.equal(text, '  • one two\n    three\n    four\n    five');
  for (const line of text.split('\n')) assert.ok(line.length <= 12);
  assert.equal(wrap('unbreakable-word-longer-than-width', 10), 'unbreakable-word-longer-than-width');
});
