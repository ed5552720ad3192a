const CHUNK = 65_536;

/**
 * An append-only Float64 column kept in fixed chunks: O(1) push with no copying while it grows
 * (a doubling array peaks at three times the data while it copies), one exact typed array at the end.
 */
export class GrowableColumn {
  private readonly full: Float64Array[] = [];
  private chunk = new Float64Array(1024);
  private used = 0;
  length = 0;

  push(x: number): void {
    if (this.used === this.chunk.length) {
      if (this.chunk.length < CHUNK) {
        const next = new Float64Array(Math.min(CHUNK, this.chunk.length * 4));
        next.set(this.chunk);
        this.chunk = next;
      } else {
        this.full.push(this.chunk);
        this.chunk = new Float64Array(CHUNK);
        this.used = 0;
      }
    }
    this.chunk[this.used++] = x;
    this.length++;
  }

  toArray(): Float64Array {
    const out = new Float64Array(this.length);
    let at = 0;
    for (const c of this.full) {
      out.set(c, at);
      at += c.length;
    }
    out.set(this.chunk.subarray(0, this.used), at);
    return out;
  }
}
