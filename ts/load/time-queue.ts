/**
 * A first-in first-out queue of times (ms) in a growable ring of float64s: an open-loop
 * connection's requests scheduled and not yet answered, oldest first. No allocation per
 * request once it has grown to the connection's deepest backlog.
 */
export class TimeQueue {
  private ring = new Float64Array(16);
  private head = 0;
  private count = 0;

  /** How many times are queued. */
  get length(): number {
    return this.count;
  }

  /** The oldest time; NaN when empty. */
  peek(): number {
    return this.count === 0 ? Number.NaN : (this.ring[this.head] as number);
  }

  /** Appends a time, doubling the ring when it is full. */
  push(time: number): void {
    if (this.count === this.ring.length) {
      const grown = new Float64Array(this.ring.length * 2);
      for (let i = 0; i < this.count; i++) grown[i] = this.ring[(this.head + i) % this.ring.length] as number;
      this.ring = grown;
      this.head = 0;
    }
    this.ring[(this.head + this.count) % this.ring.length] = time;
    this.count++;
  }

  /** Removes and returns the oldest time; NaN when empty. */
  shift(): number {
    if (this.count === 0) return Number.NaN;
    const time = this.ring[this.head] as number;
    this.head = (this.head + 1) % this.ring.length;
    this.count--;
    return time;
  }

  /** How many queued times are in [from, until). */
  countWithin(from: number, until: number): number {
    let within = 0;
    for (let i = 0; i < this.count; i++) {
      const time = this.ring[(this.head + i) % this.ring.length] as number;
      if (time >= from && time < until) within++;
    }
    return within;
  }

  /** Empties the queue. */
  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
