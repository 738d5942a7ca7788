import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** What a benchmark figure depends on: printed above every table and stored with every result. */
export interface Environment {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  uvThreadpoolSize: string;
  gitCommit: string;
  date: string;
}

/** Reads the environment of this process (git commit of the working directory, if any). */
export function describeEnvironment(): Environment {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? '4 (default)',
    gitCommit: gitCommit(),
    date: new Date().toISOString(),
  };
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return sha.trim() + (dirty.trim() ? '-dirty' : '');
  } catch {
    return 'unknown';
  }
}

/** One line per field, for the top of a report. */
export function formatEnvironment(env: Environment): string {
  return [
    `CPU      ${env.cpuModel} × ${env.cores} cores, ${env.memoryGiB} GiB`,
    `OS       ${env.os}`,
    `Node.js  ${env.node}   UV_THREADPOOL_SIZE=${env.uvThreadpoolSize}`,
    `commit   ${env.gitCommit}   ${env.date}`,
  ].join('\n');
}
