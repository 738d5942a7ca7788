/**
 * Node's lean read path for the connections a cluster worker is handed: the primary
 * sends the connection's raw TCP handle, and the worker wraps it in a net.Socket that reads into
 * one buffer shared by all its sockets (`onread`), instead of a fresh ArrayBuffer per read and
 * the Readable stream's push and 'data' event. A socket Node accepted itself cannot be given a
 * buffer; one built around a handle can. Node only (Bun and Deno are handed a net.Socket as
 * before), and the line protocol only: node:http reads a socket through its 'data' events.
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
 * A socket around a received handle, reading into the shared buffer. What it reads goes nowhere
 * until {@link readSharedInto} names a receiver (a refused socket's reads are dropped, as they
 * would be anyway). Half-open: replies may outlive the client's half of the connection.
 */
export function socketReadingShared(handle: object): Socket {
  let sink = drop;
  const options = {
    handle,
    allowHalfOpen: true,
    readable: true,
    writable: true,
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
