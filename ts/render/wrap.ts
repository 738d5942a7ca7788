/**
 * Wraps `text` at spaces to lines of at most `width` columns (a longer word stays whole); a
 * paragraph's leading blanks are kept, and continuation lines start with `indent`.
 */
export function wrap(text: string, width: number, indent = ''): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lead = /^ */.exec(paragraph)?.[0] ?? '';
      const lines: string[] = [];
      let line = lead;
      for (const word of paragraph.slice(lead.length).split(' ')) {
        if (line.trim() !== '' && [...line].length + 1 + [...word].length > width) {
          lines.push(line);
          line = indent + word;
        } else line = line.trim() === '' ? line + word : `${line} ${word}`;
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}
