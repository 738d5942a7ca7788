/** A program's path on a PATH, as a shell would find it: the first directory holding it executable. */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** `name`'s path on `path` (a PATH), or undefined when no directory holds it executable. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter((d) => d !== '')) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}
