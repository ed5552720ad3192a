import { extreme, logReturnVol, mean, Ring, stdev, change } from '../../regime/ring.ts';

/** Windows (in candles) of the per-pair indicators the six strategies read. */
export interface FeatureWindows {
  readonly fast: number;
  readonly slow: number;
  readonly vol: number;
  /** Breakout: highest high of the candles before this one. */
  readonly breakout: number;
  /** Swing exit: lowest low of the candles before this one. */
  readonly swingExit: number;
  readonly momentum: number;
}

export const DEFAULT_WINDOWS: FeatureWindows = { fast: 20, slow: 50, vol: 20, breakout: 20, swingExit: 10, momentum: 5 };

/** One pair's indicators on its latest closed candle. NaN fields only while not warm. */
export interface PairFeatures {
  /** True once every indicator is defined (slow + 1 candles). */
  readonly warm: boolean;
  readonly close: number;
  readonly smaFast: number;
  readonly smaSlow: number;
  /** (close - SMA(fast)) / stdev of closes over fast: a Bollinger z-score. */
  readonly z: number;
  /** Annualised volatility of log returns over the vol window. */
  readonly vol: number;
  /** Highest high / lowest low of the windows before the current candle. */
  readonly priorHigh: number;
  readonly priorLow: number;
  /** Return over the momentum window. */
  readonly momentum: number;
}

const YEAR_MS = 365.25 * 86_400_000;

/** Rolling history of one pair (closes, highs, lows) and the features computed from it. */
export class PairHistory {
  private closes: Ring;
  private highs: Ring;
  private lows: Ring;
  private readonly capacity: number;

  constructor(readonly w: FeatureWindows = DEFAULT_WINDOWS) {
    if (!(w.fast >= 2 && w.slow > w.fast && w.vol >= 2 && w.breakout >= 1 && w.swingExit >= 1 && w.momentum >= 1)) {
      throw new RangeError(`feature windows: need 2 <= fast < slow, vol >= 2, others >= 1; got ${JSON.stringify(w)}`);
    }
    this.capacity = Math.max(w.slow, w.vol + 1, w.breakout + 1, w.swingExit + 1, w.momentum + 1);
    this.closes = new Ring(this.capacity);
    this.highs = new Ring(this.capacity);
    this.lows = new Ring(this.capacity);
  }

  push(high: number, low: number, close: number): void {
    this.closes.push(close);
    this.highs.push(high);
    this.lows.push(low);
  }

  /** Features now; `intervalMs` annualises the volatility. */
  features(intervalMs: number): PairFeatures {
    const w = this.w;
    const c = this.closes;
    const close = c.at(0);
    const warm = c.count >= this.capacity;
    const smaFast = mean(c, w.fast);
    const sd = stdev(c, w.fast);
    return {
      warm,
      close,
      smaFast,
      smaSlow: mean(c, w.slow),
      z: sd > 0 ? (close - smaFast) / sd : 0,
      vol: logReturnVol(c, w.vol) * Math.sqrt(YEAR_MS / intervalMs),
      priorHigh: extreme(this.highs, w.breakout, 'max', 1),
      priorLow: extreme(this.lows, w.swingExit, 'min', 1),
      momentum: change(c, w.momentum),
    };
  }

  snapshot(): [number[], number[], number[]] {
    return [this.closes.snapshot(), this.highs.snapshot(), this.lows.snapshot()];
  }

  restore(s: [number[], number[], number[]]): void {
    this.closes = Ring.restore(this.capacity, s[0]);
    this.highs = Ring.restore(this.capacity, s[1]);
    this.lows = Ring.restore(this.capacity, s[2]);
  }
}
