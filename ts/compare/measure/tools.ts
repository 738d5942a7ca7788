/** Versions of the tools a compare run depends on, for the environment header (zx's `$` runs the probes). */
import { $ } from 'zx';

const firstLine = async (command: string, args: string[]): Promise<string> => {
  const output = await $({ nothrow: true, quiet: true })`${command} ${args}`;
  return output.stdout.trim().split('\n')[0] || 'not installed';
};

/** npm, cargo, go and python3 as each reports itself. */
export async function toolVersions(): Promise<{ npm: string; cargo: string; go: string; python: string }> {
  const [npm, cargo, go, python] = await Promise.all([
    firstLine('npm', ['--version']),
    firstLine('cargo', ['--version']),
    firstLine('go', ['version']),
    firstLine('python3', ['--version']),
  ]);
  return { npm, cargo, go, python };
}
