/**
 * A node:test reporter beside `spec` (package.json's test script): at the end of the run, how
 * many tests were skipped and why, grouped by reason, so a skip cannot go unseen in a long log.
 * Plain JavaScript: reporters are loaded before any TypeScript loader is of use.
 */
export default async function* skipSummary(source) {
  /** reason → names of the tests skipped for it. */
  const reasons = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' || event.data.skip === undefined) continue;
    const reason = event.data.skip === true ? '(no reason given)' : String(event.data.skip);
    const names = reasons.get(reason) ?? [];
    names.push(event.data.name);
    reasons.set(reason, names);
  }
  const total = [...reasons.values()].reduce((sum, names) => sum + names.length, 0);
  if (total === 0) {
    yield '\nskipped: none\n';
    return;
  }
  const lines = [
    `\nskipped: ${total} test${total === 1 ? '' : 's'}, for ${reasons.size} reason${reasons.size === 1 ? '' : 's'}:`,
  ];
  for (const [reason, names] of [...reasons].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  ${String(names.length).padStart(3)} × ${reason}`);
  }
  yield `${lines.join('\n')}\n`;
}
