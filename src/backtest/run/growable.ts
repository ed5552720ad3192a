/** An append-only Float64 column that doubles its capacity: O(1) amortised push, one typed array at the end. */
export class GrowableColumn {
  private data = new Float64Array(1024);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }

  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}
