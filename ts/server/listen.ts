import type { AddressInfo, Server } from 'node:net';
import type { ServerOptions } from './options.js';

/**
 * Binds `server` (TCP or HTTP: node:http's server is a net.Server) to the options' host and port,
 * with `backlog` (fd-limit.ts: listenBacklog) as the length of the accept queue.
 */
export function listenOn(
  server: Server,
  options: Pick<ServerOptions, 'host' | 'port'>,
  backlog: number,
): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port, backlog }, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
