/**
 * Back-pressure as the kernel sees it (/proc/net/tcp): how much of what a client wrote the
 * server has taken in, how much waits unread in its receive queue, and whether it has stopped
 * reading. Shared by the back-pressure tests.
 */
import assert from 'node:assert/strict';
import { cpuNow } from './cpu-evidence.js';
import type { LineClient } from './line-client.js';
import { connectionEnd, tcpSockets } from './tcp-queues.js';
import { waitUntil } from './wait-until.js';

/** A server: the port it listens on and the process whose CPU time shows it working. */
interface Server {
  port: number;
  pid: number;
}

// What one read of a paused server may still take in: Node's read chunk (64 KiB) and its
// readable buffer. Far below the payloads here, which a server reading on would take whole.
export const ONE_READ_BYTES = 192 * 1024;

export interface Seen {
  /** Bytes of the payload the server has taken out of the kernel. */
  consumed: number;
  /** Bytes waiting in the server's receive queue: sent, and not read by the server. */
  unread: number;
  /** Reply bytes on their way: in the server's send queue or the client's receive queue. */
  replyBytes: number;
}

/** What the kernel says about the connection now (exact once nothing is in flight). */
function look(server: Server, client: LineClient, payloadBytes: number): Seen {
  const sockets = tcpSockets() ?? [];
  const local = client.socket.localPort as number;
  const clientEnd = connectionEnd(sockets, local, server.port);
  const serverEnd = connectionEnd(sockets, server.port, local);
  assert.ok(clientEnd && serverEnd, 'both ends of the connection are in /proc/net/tcp');
  return {
    consumed: payloadBytes - client.socket.writableLength - clientEnd.tx - serverEnd.rx,
    unread: serverEnd.rx,
    replyBytes: serverEnd.tx + clientEnd.rx,
  };
}

/**
 * Waits until the server has read nothing more for `quietMs` (and, with `cpuToo`, used no
 * CPU): a server still working through its input is not stalled. Fails after 30 s.
 */
export async function untilStalled(
  server: Server,
  client: LineClient,
  payloadBytes: number,
  { cpuToo, quietMs = 300 }: { cpuToo: boolean; quietMs?: number },
): Promise<Seen> {
  let seen = look(server, client, payloadBytes);
  let [lastCpu, lastConsumed, since] = [cpuNow(server.pid), seen.consumed, Date.now()];
  const stalled = await waitUntil(
    () => {
      seen = look(server, client, payloadBytes);
      const cpu = cpuToo ? cpuNow(server.pid) : lastCpu;
      if (cpu !== lastCpu || seen.consumed !== lastConsumed) {
        [lastCpu, lastConsumed, since] = [cpu, seen.consumed, Date.now()];
      }
      return Date.now() - since >= quietMs;
    },
    30_000,
    10,
  );
  assert.ok(stalled, `the server never stopped reading: ${JSON.stringify(seen)}`);
  return seen;
}

/** Writes `payload` and resolves once the kernel has all of it (it fits in the socket buffers). */
export function writeAll(client: LineClient, payload: Buffer): Promise<void> {
  return new Promise((resolve, reject) => client.socket.write(payload, (e) => (e ? reject(e) : resolve())));
}

/**
 * The client reads again: every line gets its reply, in order — fib(20) for '20\n', EINVAL for a
 * blank line (what the back-pressure tests pipeline).
 */
export async function resumeAndExpectEveryReply(client: LineClient, lines: readonly string[]): Promise<void> {
  client.socket.resume();
  const replies = await client.take(lines.length);
  const expected = lines.map((l) =>
    l === '\n' ? 'ERR EINVAL expected a non-negative decimal integer' : '6765',
  );
  const firstWrong = replies.findIndex((r, i) => r !== expected[i]);
  assert.equal(firstWrong, -1, `reply ${firstWrong}: ${replies[firstWrong]}`);
}
