/**
 * Log returns of every pair aligned on candle close time, over the last `window` close times:
 * the input of the correlation limit. A pair with no candle at a time (Kraken omits empty
 * candles) has no return there; the next return spans the gap.
 */
export class ReturnsWindow {
  private rows: Float64Array[];
  private head = -1; // row of the current close time
  private time = -Infinity;
  private filled = 0;
  private last: Float64Array;

  constructor(readonly pairs: number, readonly window: number) {
    if (!(Number.isInteger(window) && window >= 3)) throw new RangeError(`correlation window must be an integer >= 3, got ${window}`);
    this.rows = Array.from({ length: window }, () => new Float64Array(pairs).fill(NaN));
    this.last = new Float64Array(pairs).fill(NaN);
  }

  onClose(pair: number, closeTime: number, close: number): void {
    if (closeTime > this.time) {
      this.head = (this.head + 1) % this.window;
      this.rows[this.head].fill(NaN);
      this.time = closeTime;
      if (this.filled < this.window) this.filled++;
    }
    const prev = this.last[pair];
    if (prev > 0 && close > 0) this.rows[this.head][pair] = Math.log(close / prev);
    this.last[pair] = close;
  }

  /** Pearson correlation of two pairs' returns over the times both have one; NaN below minObs or with no variance. */
  correlation(a: number, b: number, minObs: number): number {
    let n = 0;
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < this.filled; i++) {
      const x = this.rows[i][a];
      const y = this.rows[i][b];
      if (x === x && y === y) {
        n++;
        sa += x;
        sb += y;
      }
    }
    if (n < minObs || n < 3) return NaN;
    const ma = sa / n;
    const mb = sb / n;
    let cov = 0;
    let va = 0;
    let vb = 0;
    for (let i = 0; i < this.filled; i++) {
      const x = this.rows[i][a];
      const y = this.rows[i][b];
      if (x === x && y === y) {
        cov += (x - ma) * (y - mb);
        va += (x - ma) ** 2;
        vb += (y - mb) ** 2;
      }
    }
    return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : NaN;
  }

  snapshot(): ReturnsWindowSnapshot {
    const enc = (a: Float64Array) => [...a].map((x) => (x === x ? x : null));
    return { rows: this.rows.map(enc), head: this.head, time: Number.isFinite(this.time) ? this.time : null, filled: this.filled, last: enc(this.last) };
  }

  restore(s: ReturnsWindowSnapshot): void {
    const dec = (a: (number | null)[]) => Float64Array.from(a, (x) => (x === null ? NaN : x));
    this.rows = s.rows.map(dec);
    this.head = s.head;
    this.time = s.time === null ? -Infinity : s.time;
    this.filled = s.filled;
    this.last = dec(s.last);
  }
}

export interface ReturnsWindowSnapshot {
  rows: (number | null)[][];
  head: number;
  time: number | null;
  filled: number;
  last: (number | null)[];
}
