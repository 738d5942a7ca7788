import type { Socket } from 'node:net';
import type { ConnectionCompute } from '../compute/strategy.js';
import { errorReply, type HttpReply, valueReply } from './http-protocol.js';

/**
 * Parsed requests one connection may have waiting (beyond --max-pending, which are computing)
 * before it is closed. node:http parses every request of a chunk it has read, and pausing the
 * socket stops it only partly (Node, Bun) or not at all (Deno): a client pipelining tens of
 * thousands of requests would otherwise make the server hold them all.
 */
export const MAX_WAITING_PER_CONNECTION = 4096;

/** Sends one reply; the transport writes it (node:http keeps replies in request order). */
export type Respond = (reply: HttpReply) => void;

/**
 * One HTTP keep-alive connection as the compute side sees it: the strategy's per-connection
 * handle (a worker-per-connection client keeps its worker across requests), at most
 * `maxPending` requests computing at a time, the rest waiting in order, and whether the
 * connection is admitted yet (the sequential model serves one connection at a time).
 */
export class HttpConnection {
  readonly socket: Socket;
  readonly #compute: ConnectionCompute;
  readonly #maxPending: number;
  readonly #waiting: Array<{ n: number; respond: Respond }> = [];
  #computing = 0;
  #admitted: boolean;
  #closed = false;
  // Only a pause of ours is undone here: node:http pauses the socket too, for its own reasons.
  #pausedByUs = false;

  constructor(socket: Socket, compute: ConnectionCompute, maxPending: number, admitted: boolean) {
    this.socket = socket;
    this.#compute = compute;
    this.#maxPending = maxPending;
    this.#admitted = admitted;
    socket.once('close', () => {
      this.#closed = true;
      this.#waiting.length = 0;
      this.#compute.release();
    });
  }

  /** Requests received and not answered yet. */
  get pending(): number {
    return this.#computing + this.#waiting.length;
  }

  get admitted(): boolean {
    return this.#admitted;
  }

  /** The sequential model's turn has come: start what waited. */
  admit(): void {
    this.#admitted = true;
    this.#startWaiting();
  }

  /**
   * Shutdown: requests waiting for their turn (behind --max-pending, or a sequential
   * connection's) get `refusal`; the ones computing finish.
   */
  drain(refusal: HttpReply): void {
    for (const { respond } of this.#waiting.splice(0)) respond(refusal);
    this.#updateReading();
  }

  /** A valid request for fib(n): computed now, or after the ones before it. */
  submit(n: number, respond: Respond): void {
    if (this.#closed) return;
    if (this.#admitted && this.#computing < this.#maxPending) this.#start(n, respond);
    else if (this.#waiting.length < MAX_WAITING_PER_CONNECTION) this.#waiting.push({ n, respond });
    else this.socket.destroy(); // see MAX_WAITING_PER_CONNECTION
    this.#updateReading();
  }

  #start(n: number, respond: Respond): void {
    let result: number | Promise<number>;
    try {
      result = this.#compute.compute(n);
    } catch (error) {
      respond(errorReply('EINTERNAL', messageOf(error)));
      return;
    }
    if (typeof result === 'number') {
      respond(valueReply(result));
      return;
    }
    this.#computing++;
    result.then(
      (value) => this.#settled(respond, valueReply(value)),
      (error: unknown) => this.#settled(respond, errorReply('EINTERNAL', messageOf(error))),
    );
  }

  #settled(respond: Respond, reply: HttpReply): void {
    this.#computing--;
    if (this.#closed) return;
    respond(reply);
    this.#startWaiting();
    this.#updateReading();
  }

  #startWaiting(): void {
    while (this.#admitted && this.#computing < this.#maxPending && this.#waiting.length > 0) {
      const next = this.#waiting.shift() as { n: number; respond: Respond };
      this.#start(next.n, next.respond);
    }
  }

  /** Back-pressure where the runtime honours it: stop reading at the pending cap. */
  #updateReading(): void {
    if (this.#closed) return;
    const full = this.pending >= this.#maxPending;
    if (full && !this.#pausedByUs) {
      this.#pausedByUs = true;
      this.socket.pause();
    } else if (!full && this.#pausedByUs) {
      this.#pausedByUs = false;
      this.socket.resume();
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error && 'code' in error && error.code === 'EINTERNAL'
    ? error.message
    : 'internal error';
}
