import { GrowableColumn } from './growable.ts';

/**
 * A run's equity curve (one sample per candle close: time, equity, cash), stored by what each
 * column is like rather than as three full Float64 columns (24 bytes per bar, 240 MB at 10M bars):
 *
 * - equity changes at almost every bar while a position is open: a full Float64 column;
 * - time advances by the same step between gaps: runs of (first index, first time, step), a
 *   new run at each gap or change of step;
 * - cash changes only when a fill, fee or deposit books: the samples where it changed.
 *
 * Every value comes back exactly (a run is extended only when first + k·step reproduces the
 * time bit for bit; cash changes are found with Object.is, so -0 and NaN are kept). `time` and
 * `cash` are built as full arrays on first use and then kept; `timeAt`/`cashAt` read one sample
 * without building them.
 */
export class EquityCurve {
  private timeCache: Float64Array | undefined;
  private cashCache: Float64Array | undefined;

  constructor(
    /** Equity per sample. */
    readonly equity: Float64Array,
    private readonly runStart: readonly number[],
    private readonly runTime: readonly number[],
    private readonly runStep: readonly number[],
    private readonly cashIndex: readonly number[],
    private readonly cashValue: readonly number[],
  ) {}

  get length(): number {
    return this.equity.length;
  }

  /** Sample times, epoch ms (built on first use). */
  get time(): Float64Array {
    if (this.timeCache) return this.timeCache;
    const out = new Float64Array(this.length);
    for (let r = 0; r < this.runStart.length; r++) {
      const end = r + 1 < this.runStart.length ? this.runStart[r + 1] : out.length;
      for (let i = this.runStart[r]; i < end; i++) out[i] = timeInRun(this.runTime[r], this.runStep[r], i - this.runStart[r]);
    }
    return (this.timeCache = out);
  }

  /** Cash per sample (built on first use). */
  get cash(): Float64Array {
    if (this.cashCache) return this.cashCache;
    const out = new Float64Array(this.length);
    for (let k = 0; k < this.cashIndex.length; k++) out.fill(this.cashValue[k], this.cashIndex[k], k + 1 < this.cashIndex.length ? this.cashIndex[k + 1] : out.length);
    return (this.cashCache = out);
  }

  timeAt(i: number): number {
    this.check(i);
    const r = lastAtOrBefore(this.runStart, i);
    return timeInRun(this.runTime[r], this.runStep[r], i - this.runStart[r]);
  }

  cashAt(i: number): number {
    this.check(i);
    return this.cashValue[lastAtOrBefore(this.cashIndex, i)];
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`equity sample ${i} is outside 0..${this.length - 1}`);
  }
}

/** The k-th time of a run; its first is kept as stored (-0 + 0 would be +0). */
function timeInRun(first: number, step: number, k: number): number {
  return k === 0 ? first : first + k * step;
}

/** Index of the last element of ascending `xs` that is <= i (xs[0] is 0). */
function lastAtOrBefore(xs: readonly number[], i: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (xs[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Collects samples as the run goes; `finish()` gives the curve (no push after it). */
export class EquityCurveBuilder {
  private readonly equity = new GrowableColumn();
  private readonly runStart: number[] = [];
  private readonly runTime: number[] = [];
  private readonly runStep: number[] = [];
  private readonly cashIndex: number[] = [];
  private readonly cashValue: number[] = [];
  private n = 0;
  private lastTime = 0;
  private lastCash = 0;

  push(time: number, equity: number, cash: number): void {
    const i = this.n++;
    this.equity.push(equity);
    const runs = this.runStart.length;
    const r = runs - 1;
    if (runs === 0) this.startRun(i, time);
    else if (i - this.runStart[r] === 1 && this.runStep[r] === 0 && time - this.lastTime !== 0 && Object.is(this.runTime[r] + (time - this.lastTime), time)) {
      // The run's second sample sets its step (kept only if first + step gives the time exactly).
      this.runStep[r] = time - this.lastTime;
    } else if (!Object.is(timeInRun(this.runTime[r], this.runStep[r], i - this.runStart[r]), time)) this.startRun(i, time);
    this.lastTime = time;
    if (i === 0 || !Object.is(cash, this.lastCash)) {
      this.cashIndex.push(i);
      this.cashValue.push(cash);
      this.lastCash = cash;
    }
  }

  private startRun(i: number, time: number): void {
    this.runStart.push(i);
    this.runTime.push(time);
    this.runStep.push(0);
  }

  finish(): EquityCurve {
    return new EquityCurve(this.equity.finish(), this.runStart, this.runTime, this.runStep, this.cashIndex, this.cashValue);
  }
}
