import { bollinger, donchian, logReturnVolatility, rateOfChange, sma, type Channel, type Indicator } from '../../indicators/indicators.ts';
import { Ring } from '../../regime/ring.ts';

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

/**
 * Rolling history of one pair and its features, computed by the indicator library
 * (src/core/indicators, over trading-signals). The rings keep the last candles only as the
 * snapshot: restore replays them into fresh indicators, which depend on their window alone.
 */
export class PairHistory {
  private closes: Ring;
  private highs: Ring;
  private lows: Ring;
  private readonly capacity: number;
  private ind!: {
    smaFast: Indicator<number, number>;
    smaSlow: Indicator<number, number>;
    bands: ReturnType<typeof bollinger>;
    vol: Indicator<number, number>;
    high: Indicator<{ high: number; low: number }, Channel>;
    low: Indicator<{ high: number; low: number }, Channel>;
    momentum: Indicator<number, number>;
  };
  private priorHigh = NaN;
  private priorLow = NaN;

  constructor(readonly w: FeatureWindows = DEFAULT_WINDOWS) {
    if (!(w.fast >= 2 && w.slow > w.fast && w.vol >= 2 && w.breakout >= 1 && w.swingExit >= 1 && w.momentum >= 1)) {
      throw new RangeError(`feature windows: need 2 <= fast < slow, vol >= 2, others >= 1; got ${JSON.stringify(w)}`);
    }
    this.capacity = Math.max(w.slow, w.vol + 1, w.breakout + 1, w.swingExit + 1, w.momentum + 1);
    this.closes = new Ring(this.capacity);
    this.highs = new Ring(this.capacity);
    this.lows = new Ring(this.capacity);
    this.reset();
  }

  private reset(): void {
    const w = this.w;
    this.ind = {
      smaFast: sma(w.fast),
      smaSlow: sma(w.slow),
      bands: bollinger(w.fast),
      vol: logReturnVolatility(w.vol),
      high: donchian(w.breakout),
      low: donchian(w.swingExit),
      momentum: rateOfChange(w.momentum),
    };
    this.priorHigh = NaN;
    this.priorLow = NaN;
  }

  push(high: number, low: number, close: number): void {
    this.closes.push(close);
    this.highs.push(high);
    this.lows.push(low);
    const i = this.ind;
    // The channels before this candle: a breakout is measured against the candles before it.
    this.priorHigh = i.high.value().upper;
    this.priorLow = i.low.value().lower;
    const candle = { high, low };
    i.high.update(candle);
    i.low.update(candle);
    i.smaFast.update(close);
    i.smaSlow.update(close);
    i.bands.update(close);
    i.vol.update(close);
    i.momentum.update(close);
  }

  /** Features now; `intervalMs` annualises the volatility. */
  features(intervalMs: number): PairFeatures {
    const i = this.ind;
    const close = this.closes.at(0);
    const smaFast = i.smaFast.value();
    const sd = i.bands.value().sampleSd;
    return {
      warm: this.closes.count >= this.capacity,
      close,
      smaFast,
      smaSlow: i.smaSlow.value(),
      z: sd > 0 ? (close - smaFast) / sd : 0,
      vol: i.vol.value() * Math.sqrt(YEAR_MS / intervalMs),
      priorHigh: this.priorHigh,
      priorLow: this.priorLow,
      momentum: i.momentum.value(),
    };
  }

  snapshot(): [number[], number[], number[]] {
    return [this.closes.snapshot(), this.highs.snapshot(), this.lows.snapshot()];
  }

  restore(s: [number[], number[], number[]]): void {
    this.closes = new Ring(this.capacity);
    this.highs = new Ring(this.capacity);
    this.lows = new Ring(this.capacity);
    this.reset();
    s[0].forEach((close, k) => this.push(s[1][k], s[2][k], close));
  }
}
