/**
 * The newest `capacity` items, oldest first, in a fixed array written round. Pushing past the
 * capacity overwrites the oldest in place: no `shift()` or `splice(0, n)`, which on an array of
 * hundreds of items leave V8's fast path for a runtime call that trims the array's front, on
 * every push once it is full (the gateway keeps such lists of calls and events on the hot path).
 */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`a ring holds at least one item (asked for ${capacity})`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    if (this.count < this.capacity) {
      this.count += 1;
    }
  }

  /** The newest `limit` items (all by default), oldest first, as a new array. */
  newest(limit = this.count): T[] {
    // A limit that is not a count (negative, fractional, NaN) reads as the whole count below it.
    const n = limit >= 1 ? Math.min(Math.floor(limit), this.count) : 0;
    const out = new Array<T>(n);
    let i = this.next - n;
    if (i < 0) {
      i += this.capacity;
    }
    for (let k = 0; k < n; k += 1) {
      out[k] = this.items[i] as T;
      i = i + 1 === this.capacity ? 0 : i + 1;
    }
    return out;
  }
}
