/**
 * Whether a host reached over ssh can run this fiblab: the checkout there is at this one's commit
 * and has been built. A server host (--server-host) and a load host (--load-host) are both checked
 * by it before anything starts there.
 */
import { join } from 'node:path';
import { checkSameCommit, type RemoteHost } from './remote.js';
import { shellQuote } from './ssh-target.js';

/** Resolves if `dir` on `host` is a built checkout at the commit of `localDir`; rejects with what differs. */
export async function checkRemoteCheckout(host: RemoteHost, dir: string, localDir: string): Promise<void> {
  const destination = host.target.destination;
  const commit = await checkSameCommit(host, dir, localDir);
  if (!commit.same) {
    throw new Error(
      commit.remote === undefined
        ? `${destination}:${dir} is not a fiblab checkout (${commit.problem})`
        : `${destination}:${dir} is at commit ${commit.remote.slice(0, 10)}, this one at ${commit.local.slice(0, 10)}: install the same commit there`,
    );
  }
  const built = await host.run(`test -f ${shellQuote(join(dir, 'dist/cli.js'))}`);
  if (built.code !== 0) throw new Error(`${destination}:${dir} has no dist/: run npm install there`);
}
