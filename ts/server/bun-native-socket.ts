/**
 * Bun's native TCP socket (the one under `Bun.listen` and `Bun.connect`) for the connections a
 * cluster worker serves on Bun (the answer), instead of node:net's stream around it. On Bun a
 * net.Socket's `_handle` IS that native socket; its handlers are swapped (`reload`) for one shared
 * set that calls {@link BunLineSocket} directly: no Duplex stream, no push and 'data' event of the
 * stream per read. `write` returns the bytes the kernel took, so what it did not take is kept
 * here and written on 'drain' (Connection's back-pressure: `write` returns false until then).
 *
 * Only sockets a worker receives from the primary: each has handlers of its own. A socket a
 * node:net listener accepted shares its handlers with every other socket of that listener, so
 * `reload` would swap them for all of them (new connections would never reach 'connection').
 *
 * BunLineSocket is the part of net.Socket that Connection and FibServer use (events data, end,
 * drain, close, timeout, error; write, end, destroy, pause, resume, setTimeout, setNoDelay), so
 * the protocol, the limits and the shutdown run unchanged on it. Node and Deno keep their sockets.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

/** Whether a cluster worker's TCP connections on this runtime are served on Bun's native socket. */
export const BUN_NATIVE_SOCKETS = process.versions.bun !== undefined;

/** The readiness fact that names a cluster worker's TCP socket (Bun only: elsewhere the line stays as it was). */
export function socketFacts(transport: 'tcp' | 'http'): Record<string, string> {
  return BUN_NATIVE_SOCKETS && transport === 'tcp' ? { sockets: 'bun-native' } : {};
}

/** The part of Bun's native TCPSocket used here. */
interface NativeSocket {
  data: unknown;
  write(data: string | Uint8Array): number;
  end(): void;
  terminate(): void;
  pause(): void;
  resume(): void;
  setNoDelay(on: boolean): boolean;
  reload(options: { socket: NativeHandlers }): void;
}

interface NativeHandlers {
  data(socket: NativeSocket, chunk: Buffer): void;
  drain(socket: NativeSocket): void;
  end(socket: NativeSocket): void;
  close(socket: NativeSocket, error?: Error): void;
  error(socket: NativeSocket, error: Error): void;
}

function isNative(handle: unknown): handle is NativeSocket {
  const h = handle as Partial<NativeSocket> | null | undefined;
  return typeof h?.reload === 'function' && typeof h.write === 'function' && typeof h.pause === 'function';
}

/**
 * `socket`'s native socket as a {@link BunLineSocket} (typed as the net.Socket it stands in for),
 * or `socket` itself where there is none (not Bun, or not TCP). Call it as the socket arrives from
 * the cluster's primary, before the event loop has read from it: the net.Socket is left without
 * its handle and destroyed, which closes nothing.
 */
export function toBunNativeSocket(socket: Socket): Socket {
  if (!BUN_NATIVE_SOCKETS) return socket;
  const holder = socket as unknown as { _handle: unknown };
  const native = holder._handle;
  if (!isNative(native)) return socket;
  const paused = socket.isPaused();
  holder._handle = null;
  socket.on('error', () => {});
  socket.destroy();
  return new BunLineSocket(native, paused) as unknown as Socket;
}

/** A native Bun TCP socket with the part of net.Socket's interface that Connection and FibServer use. */
export class BunLineSocket extends EventEmitter {
  // One set of handlers for every socket: each finds its BunLineSocket in the native socket's `data`.
  static readonly #handlers: NativeHandlers = {
    data: (native, chunk) => (native.data as BunLineSocket).#onData(chunk),
    drain: (native) => (native.data as BunLineSocket).#onWritable(),
    end: (native) => (native.data as BunLineSocket).emit('end'),
    close: (native) => (native.data as BunLineSocket).#onClosed(),
    error: (native, error) => (native.data as BunLineSocket).emit('error', error),
  };

  readonly #native: NativeSocket;
  // What the kernel did not take yet, written on 'drain' before anything newer.
  #unsent: Buffer | undefined;
  #paused = false;
  #ending = false;
  #ended = false;
  #closed = false;
  #endCallback: (() => void) | undefined;
  // Idle timeout (net.Socket's setTimeout): since the last read or write.
  #idleMs = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  #lastActive = 0;

  constructor(native: NativeSocket, paused: boolean) {
    super();
    this.#native = native;
    native.data = this;
    native.reload({ socket: BunLineSocket.#handlers });
    if (paused) this.pause();
  }

  write(data: string | Uint8Array): boolean {
    if (this.#closed || this.#ending) return false;
    if (this.#idleMs > 0) this.#lastActive = performance.now();
    if (this.#unsent !== undefined) {
      this.#unsent = Buffer.concat([this.#unsent, typeof data === 'string' ? Buffer.from(data) : data]);
      return false;
    }
    const written = Math.max(0, this.#native.write(data));
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    if (written >= size) return true;
    this.#unsent = Buffer.from(data).subarray(written);
    return false;
  }

  /** Ends our side once what was written is out; `then` runs after that. */
  end(data?: string, then?: () => void): this {
    if (data !== undefined) this.write(data);
    if (then !== undefined) this.#endCallback = then;
    this.#ending = true;
    if (this.#unsent === undefined) this.#shutDown();
    return this;
  }

  destroy(): this {
    if (this.#closed) return this;
    this.#native.terminate();
    // net.Socket's 'close' comes later, never from within destroy(); the native one may not come.
    process.nextTick(() => this.#onClosed());
    return this;
  }

  pause(): this {
    if (!this.#paused) {
      this.#paused = true;
      this.#native.pause();
    }
    return this;
  }

  resume(): this {
    if (this.#paused) {
      this.#paused = false;
      this.#native.resume();
    }
    return this;
  }

  isPaused(): boolean {
    return this.#paused;
  }

  setNoDelay(on = true): this {
    this.#native.setNoDelay(on);
    return this;
  }

  /** net.Socket's idle timeout: 'timeout' once `ms` pass without a read or a write; 0 = off. */
  setTimeout(ms: number): this {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    this.#idleMs = ms;
    if (ms > 0 && !this.#closed) {
      this.#lastActive = performance.now();
      this.#armIdle(ms);
    }
    return this;
  }

  #armIdle(ms: number): void {
    this.#idleTimer = setTimeout(() => this.#onIdleTimer(), ms);
    this.#idleTimer.unref();
  }

  #onIdleTimer(): void {
    this.#idleTimer = undefined;
    if (this.#closed || this.#idleMs <= 0) return;
    const left = this.#lastActive + this.#idleMs - performance.now();
    if (left > 1) this.#armIdle(left);
    else this.emit('timeout');
  }

  #onData(chunk: Buffer): void {
    if (this.#idleMs > 0) this.#lastActive = performance.now();
    this.emit('data', chunk);
  }

  #onWritable(): void {
    const unsent = this.#unsent;
    if (unsent === undefined || this.#closed) return;
    const written = Math.max(0, this.#native.write(unsent));
    if (written < unsent.length) {
      this.#unsent = unsent.subarray(written);
      return;
    }
    this.#unsent = undefined;
    if (this.#ending) this.#shutDown();
    else this.emit('drain');
  }

  #shutDown(): void {
    if (this.#ended || this.#closed) return;
    this.#ended = true;
    this.#native.end();
    const then = this.#endCallback;
    this.#endCallback = undefined;
    if (then !== undefined) process.nextTick(then);
  }

  #onClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsent = undefined;
    clearTimeout(this.#idleTimer);
    this.emit('close', false);
  }
}
