/**
 * Node's lean read path for TCP connections: a net.Socket built around a connection's bare TCP
 * handle reads into one buffer shared by all the process's sockets (`onread`), instead of a
 * fresh ArrayBuffer per read and the Readable stream's push and 'data' event. A socket Node
 * accepted cannot be given such a buffer, so its handle moves to one that can: a cluster
 * worker's from the primary (which sends the bare handle), a single process's from the socket
 * its listener accepted. Node only (Bun and Deno keep their sockets), and the line protocol
 * only: node:http reads a socket through its 'data' events.
 */
import net, { type Socket } from 'node:net';

/** Whether this runtime is Node itself, whose raw handles and `onread` buffers this relies on. */
export const SHARED_READS_RUNTIME = process.versions.bun === undefined && process.versions.deno === undefined;

/** What receives a read: a view of the shared buffer, valid only until the callback returns. */
export type SharedRead = (chunk: Buffer) => void;

// One buffer for every socket of the process: each read is handled before the next can land.
// 64 KiB is what libuv would offer a read anyway.
const SHARED = Buffer.allocUnsafeSlow(64 * 1024);
const drop: SharedRead = () => {};
const attach = new WeakMap<Socket, (sink: SharedRead) => void>();

/** The TCP handle of a socket, to send it bare (child_process sends it as 'net.Native'). */
export function rawHandleOf(socket: Socket): object | undefined {
  return (socket as unknown as { _handle?: object | null })._handle ?? undefined;
}

/** Whether what came with an IPC message is a bare TCP handle (not a net.Socket). */
export function isRawTcpHandle(handle: unknown): handle is object {
  return typeof handle === 'object' && handle !== null && handle.constructor?.name === 'TCP';
}

/**
 * A socket around a received handle, reading into the shared buffer (from the start, or once
 * resumed when `paused`). What it reads goes nowhere until {@link readSharedInto} names a
 * receiver (a refused socket's reads are dropped, as they would be anyway). Half-open: replies
 * may outlive the client's half of the connection.
 */
export function socketReadingShared(handle: object, paused = false): Socket {
  let sink = drop;
  const options = {
    handle,
    allowHalfOpen: true,
    readable: true,
    writable: true,
    // net.Server's own way to hand over a socket that does not read yet (its pauseOnConnect).
    pauseOnCreate: paused,
    onread: {
      buffer: SHARED,
      callback: (nread: number) => {
        sink(SHARED.subarray(0, nread));
        return true;
      },
    },
  };
  const socket = new net.Socket(options as net.SocketConstructorOpts);
  attach.set(socket, (next) => {
    sink = next;
  });
  return socket;
}

/**
 * Sends `socket`'s reads to `sink` if it reads into the shared buffer, and says whether it does;
 * false: an ordinary socket, whose reads come as 'data' events.
 */
export function readSharedInto(socket: Socket, sink: SharedRead): boolean {
  const set = attach.get(socket);
  set?.(sink);
  return set !== undefined;
}

/** Whether `chunk` is (a view of) the shared buffer, which the next read overwrites. */
export function isShared(chunk: Buffer): boolean {
  return chunk.buffer === SHARED.buffer;
}

/**
 * A connection Node accepted (paused, by the listener's `pauseOnConnect`: nothing read yet),
 * moved onto the shared buffer: its handle goes to a new socket, and the old one, left without
 * a handle, is destroyed (which closes nothing).
 */
export function moveToSharedReads(socket: Socket, paused: boolean): Socket {
  const handle = rawHandleOf(socket);
  if (handle === undefined) return socket;
  (socket as unknown as { _handle: object | null })._handle = null;
  socket.destroy();
  return socketReadingShared(handle, paused);
}
