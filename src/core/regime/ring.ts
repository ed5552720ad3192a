/**
 * Fixed-capacity history of floats, newest last: what the regime detector and the pair
 * features keep as their snapshot (their indicators, src/core/indicators, are rebuilt from it).
 */
export class Ring {
  private readonly buf: Float64Array;
  private head = 0; // next write position
  private n = 0;

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.buf = new Float64Array(capacity);
  }

  push(x: number): void {
    this.buf[this.head] = x;
    this.head = (this.head + 1) % this.capacity;
    if (this.n < this.capacity) this.n++;
  }

  /** Values held (at most capacity). */
  get count(): number {
    return this.n;
  }

  /** The value `ago` steps back (0 = newest); NaN when not held. */
  at(ago: number): number {
    if (ago < 0 || ago >= this.n) return NaN;
    return this.buf[(this.head - 1 - ago + this.capacity * 2) % this.capacity];
  }

  snapshot(): number[] {
    const out: number[] = [];
    for (let i = this.n - 1; i >= 0; i--) out.push(this.at(i));
    return out; // oldest first
  }

  static restore(capacity: number, values: readonly number[]): Ring {
    const r = new Ring(capacity);
    for (const v of values) r.push(v);
    return r;
  }
}
