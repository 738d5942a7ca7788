/**
 * A node:test reporter beside `spec` (package.json's test script): at the end of the run, how
 * many tests were skipped and why, grouped by reason, so a skip cannot go unseen in a long log.
 * Plain JavaScript: reporters are loaded before any TypeScript loader is of use.
 */
import { writeSync } from 'node:fs';

export default async function* skipSummary(source) {
  /** reason → names of the tests skipped for it. */
  const reasons = new Map();
  let printed = false;
  // With --test-force-exit the runner exits before this stream ends: say it on the way out.
  process.once('exit', () => {
    if (!printed) writeSync(1, summary(reasons));
  });
  for await (const event of source) {
    if (event.type === 'test:pass' && event.data.skip !== undefined) {
      const reason = event.data.skip === true ? '(no reason given)' : String(event.data.skip);
      reasons.set(reason, [...(reasons.get(reason) ?? []), event.data.name]);
    }
  }
  printed = true;
  yield summary(reasons);
}

function summary(reasons) {
  const total = [...reasons.values()].reduce((sum, names) => sum + names.length, 0);
  if (total === 0) return '\nskipped: none\n';
  const lines = [
    `\nskipped: ${total} test${total === 1 ? '' : 's'}, for ${reasons.size} reason${reasons.size === 1 ? '' : 's'}:`,
  ];
  for (const [reason, names] of [...reasons].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  ${String(names.length).padStart(3)} × ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}
