/** Shared memory through which workers publish their reply counts for live progress. */

/** One Uint32 slot per worker in a SharedArrayBuffer: each worker writes its own, the main thread reads all. */
export class LiveCounters {
  readonly buffer: SharedArrayBuffer;
  private readonly slots: Uint32Array;

  /** Allocates `workers` slots, or wraps the buffer a worker received. */
  constructor(source: number | SharedArrayBuffer) {
    this.buffer =
      typeof source === 'number' ? new SharedArrayBuffer(source * Uint32Array.BYTES_PER_ELEMENT) : source;
    this.slots = new Uint32Array(this.buffer);
  }

  /** Worker side: the total replies this worker completed so far (single writer per slot, so a store suffices). */
  publish(slot: number, total: number): void {
    Atomics.store(this.slots, slot, total);
  }

  /** Main side: the sum over all workers, modulo 2^32 (callers take differences with `>>> 0`). */
  total(): number {
    let sum = 0;
    for (let i = 0; i < this.slots.length; i++) sum += Atomics.load(this.slots, i);
    return sum >>> 0;
  }
}
