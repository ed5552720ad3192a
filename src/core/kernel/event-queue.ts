/**
 * Min-heap of scheduled events keyed by (time, seq): order arrivals after latency, cancels in
 * flight, strategy timers. Candles do not go through it (DESIGN.md "Hot path"): the kernel
 * merges this queue with the candle stream, draining entries due at or before each candle.
 */
export interface Scheduled<T> {
  readonly time: number;
  readonly seq: number;
  readonly item: T;
}

export class EventQueue<T> {
  private heap: Scheduled<T>[] = [];

  get size(): number {
    return this.heap.length;
  }

  /** Time of the earliest entry, or +Infinity when empty. */
  peekTime(): number {
    return this.heap.length ? this.heap[0].time : Infinity;
  }

  push(entry: Scheduled<T>): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  pop(): Scheduled<T> | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  /** Removes entries matching a predicate (timer cancellation). */
  removeWhere(pred: (item: T) => boolean): void {
    const kept = this.heap.filter((e) => !pred(e.item));
    this.heap = [];
    for (const e of kept) this.push(e);
  }

  /** Entries in (time, seq) order, for snapshots. */
  entries(): Scheduled<T>[] {
    return [...this.heap].sort((a, b) => a.time - b.time || a.seq - b.seq);
  }
}

function less<T>(a: Scheduled<T>, b: Scheduled<T>): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
