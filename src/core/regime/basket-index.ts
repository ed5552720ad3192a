/**
 * An equal-weight index over a basket of pairs, built from their candles as they arrive in
 * (close time, pair) order: one index step per close time, its log return the mean of the
 * members' log returns at that time. A step is emitted as soon as every member reported, or
 * when a later close time shows up (a member had no candle: Kraken omits empty candles).
 * A one-pair basket is just that pair's closes.
 */
export class BasketIndex {
  private readonly member: Map<number, number>; // pair index -> slot
  private lastClose: number[];
  private stepTime = -1;
  private sum = 0;
  private reported = 0;
  private level = 1;

  constructor(readonly pairIndices: readonly number[]) {
    if (pairIndices.length === 0) throw new RangeError('a basket needs at least one pair');
    this.member = new Map(pairIndices.map((p, i) => [p, i]));
    this.lastClose = pairIndices.map(() => NaN);
  }

  has(pairIndex: number): boolean {
    return this.member.has(pairIndex);
  }

  /**
   * Feeds a candle close; calls `emit(time, level)` for every completed step, in order.
   * Candles of non-members only serve to notice that time moved on.
   */
  onClose(pairIndex: number, closeTime: number, close: number, emit: (time: number, level: number) => void): void {
    if (closeTime > this.stepTime && this.stepTime >= 0) this.flush(emit);
    const slot = this.member.get(pairIndex);
    if (slot === undefined) return;
    this.stepTime = closeTime;
    const prev = this.lastClose[slot];
    this.lastClose[slot] = close;
    if (prev === prev && prev > 0 && close > 0) {
      this.sum += Math.log(close / prev);
      this.reported++;
    } else if (this.pairIndices.length === 1) {
      this.reported++; // the very first close of a single pair still gives the starting level
    }
    if (this.reported === this.pairIndices.length) this.flush(emit);
  }

  private flush(emit: (time: number, level: number) => void): void {
    if (this.stepTime < 0) return;
    if (this.reported > 0) {
      this.level *= Math.exp(this.sum / this.reported);
      emit(this.stepTime, this.level);
    }
    this.stepTime = -1;
    this.sum = 0;
    this.reported = 0;
  }

  snapshot(): BasketSnapshot {
    return { lastClose: this.lastClose.map((x) => (x === x ? x : null)), stepTime: this.stepTime, sum: this.sum, reported: this.reported, level: this.level };
  }

  restore(s: BasketSnapshot): void {
    this.lastClose = s.lastClose.map((x) => (x === null ? NaN : x));
    this.stepTime = s.stepTime;
    this.sum = s.sum;
    this.reported = s.reported;
    this.level = s.level;
  }
}

export interface BasketSnapshot {
  lastClose: (number | null)[];
  stepTime: number;
  sum: number;
  reported: number;
  level: number;
}
