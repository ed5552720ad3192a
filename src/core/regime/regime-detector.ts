import { classifyRegime, DEFAULT_THRESHOLDS, stillHolds, type Regime, type RegimeFeatures, type RegimeReading, type RegimeThresholds } from './regime.ts';
import { donchian, logReturnVolatility, rateOfChange, sma, type Channel, type Indicator } from '../indicators/indicators.ts';
import { Ring } from './ring.ts';

export interface RegimeDetectorParams {
  /** SMA windows of the trend features, in steps of the reference series. */
  readonly fast: number;
  readonly slow: number;
  /** Volatility windows (log returns): short over long gives the volatility ratio. */
  readonly volShort: number;
  readonly volLong: number;
  /** Window of the running high the drawdown is measured from. */
  readonly ddWindow: number;
  /** Steps over which a fast crash (shock) is measured. */
  readonly shockWindow: number;
  /** Consecutive readings of a new regime needed before switching to it (hysteresis). */
  readonly confirm: number;
  /** Same for switching into panic (reacting fast to a crash is the point of it). */
  readonly confirmPanic: number;
  /** Steps a confirmed regime holds at least before it may switch (into panic excepted). */
  readonly minDwell: number;
  readonly thresholds: RegimeThresholds;
}

export const DEFAULT_DETECTOR_PARAMS: RegimeDetectorParams = {
  fast: 20,
  slow: 50,
  volShort: 20,
  volLong: 100,
  ddWindow: 90,
  shockWindow: 7,
  confirm: 3,
  confirmPanic: 1,
  minDwell: 10,
  thresholds: DEFAULT_THRESHOLDS,
};

export interface RegimeState {
  /** False until the reference series is long enough for every feature. */
  readonly warm: boolean;
  readonly regime: Regime;
  readonly confidence: number;
  /** Readings since the confirmed regime was last panic (0 while in panic); null if never. */
  readonly stepsSincePanic: number | null;
  /** The unconfirmed reading of the last step. */
  readonly raw: RegimeReading | null;
}

/**
 * Turns a reference series (one pair's closes or a basket index) into a confirmed regime.
 * Deterministic. Three guards keep it from flapping on every candle that crosses a threshold:
 * - exit thresholds: a regime is left only once its own rule fails on thresholds relaxed
 *   toward it (stillHolds: risk-on is entered at trend >= 2% but left below 1%, ...);
 * - confirmation: the switch needs `confirm` consecutive readings of the same new regime
 *   (`confirmPanic` for panic);
 * - dwell: a confirmed regime holds at least `minDwell` steps (a switch into panic excepted).
 * Confidence is the confirmed regime's depth on the latest reading (0 when the latest reading
 * is another regime).
 */
export class RegimeDetector {
  /** The reference history: the snapshot of the indicators below (restore replays it). */
  private level: Ring;
  private ind!: {
    smaFast: Indicator<number, number>;
    smaSlow: Indicator<number, number>;
    volShort: Indicator<number, number>;
    volLong: Indicator<number, number>;
    high: Indicator<{ high: number; low: number }, Channel>;
    shock: Indicator<number, number>;
  };
  private regime: Regime = 'neutral';
  private confidence = 0;
  private pending: Regime | null = null;
  private pendingCount = 0;
  private sincePanic: number | null = null;
  private raw: RegimeReading | null = null;
  private warm = false;
  private dwell = 0;

  constructor(readonly params: RegimeDetectorParams = DEFAULT_DETECTOR_PARAMS) {
    const p = params;
    if (!(p.fast >= 1 && p.slow > p.fast)) throw new RangeError(`regime: need 1 <= fast < slow, got ${p.fast}, ${p.slow}`);
    if (!(p.volShort >= 2 && p.volLong > p.volShort)) throw new RangeError(`regime: need 2 <= volShort < volLong, got ${p.volShort}, ${p.volLong}`);
    if (!(p.ddWindow >= 2 && p.shockWindow >= 1 && p.confirm >= 1 && p.confirmPanic >= 1)) throw new RangeError('regime: ddWindow >= 2, shockWindow >= 1, confirm >= 1, confirmPanic >= 1');
    if (!(Number.isInteger(p.minDwell) && p.minDwell >= 0)) throw new RangeError(`regime: minDwell must be a whole number >= 0, got ${p.minDwell}`);
    this.level = new Ring(this.capacity());
    this.resetIndicators();
  }

  private resetIndicators(): void {
    const p = this.params;
    this.ind = { smaFast: sma(p.fast), smaSlow: sma(p.slow), volShort: logReturnVolatility(p.volShort), volLong: logReturnVolatility(p.volLong), high: donchian(p.ddWindow), shock: rateOfChange(p.shockWindow) };
  }

  private pushLevel(value: number): void {
    this.level.push(value);
    const i = this.ind;
    i.smaFast.update(value);
    i.smaSlow.update(value);
    i.volShort.update(value);
    i.volLong.update(value);
    i.high.update({ high: value, low: value });
    i.shock.update(value);
  }

  private capacity(): number {
    const p = this.params;
    return Math.max(p.slow, p.volLong + 1, p.ddWindow, p.shockWindow + 1);
  }

  /** Features of the current history (indicator library), or undefined while it is too short. */
  features(): RegimeFeatures | undefined {
    const r = this.level;
    if (r.count < this.capacity()) return undefined;
    const i = this.ind;
    const close = r.at(0);
    const smaSlow = i.smaSlow.value();
    const volLong = i.volLong.value();
    return {
      trend: close / smaSlow - 1,
      slope: i.smaFast.value() / smaSlow - 1,
      volRatio: volLong > 0 ? i.volShort.value() / volLong : 1,
      drawdown: 1 - close / i.high.value().upper,
      shock: i.shock.value(),
    };
  }

  /** Feeds the next value of the reference series; returns the state after it. */
  update(value: number): RegimeState {
    if (!(value > 0 && Number.isFinite(value))) throw new RangeError(`regime: reference value must be a positive number, got ${value}`);
    this.pushLevel(value);
    const f = this.features();
    if (f === undefined) return this.state();
    this.warm = true;
    const reading = classifyRegime(f, this.params.thresholds);
    this.raw = reading;
    this.dwell++;
    const panic = reading.regime === 'panic';
    if (reading.regime === this.regime || (!panic && stillHolds(this.regime, f, this.params.thresholds))) {
      this.pending = null;
      this.pendingCount = 0;
    } else {
      this.pendingCount = this.pending === reading.regime ? this.pendingCount + 1 : 1;
      this.pending = reading.regime;
      const need = panic ? this.params.confirmPanic : this.params.confirm;
      if (this.pendingCount >= need && (panic || this.dwell >= this.params.minDwell)) {
        this.regime = reading.regime;
        this.pending = null;
        this.pendingCount = 0;
        this.dwell = 0;
      }
    }
    this.confidence = reading.regime === this.regime ? reading.confidence : 0;
    if (this.regime === 'panic') this.sincePanic = 0;
    else if (this.sincePanic !== null) this.sincePanic++;
    return this.state();
  }

  state(): RegimeState {
    return { warm: this.warm, regime: this.regime, confidence: this.confidence, stepsSincePanic: this.sincePanic, raw: this.raw };
  }

  snapshot(): RegimeDetectorSnapshot {
    return {
      level: this.level.snapshot(),
      regime: this.regime,
      confidence: this.confidence,
      pending: this.pending,
      pendingCount: this.pendingCount,
      sincePanic: this.sincePanic,
      raw: this.raw,
      warm: this.warm,
      dwell: this.dwell,
    };
  }

  restore(s: RegimeDetectorSnapshot): void {
    this.level = new Ring(this.capacity());
    this.resetIndicators();
    for (const v of s.level) this.pushLevel(v);
    this.regime = s.regime;
    this.confidence = s.confidence;
    this.pending = s.pending;
    this.pendingCount = s.pendingCount;
    this.sincePanic = s.sincePanic;
    this.raw = s.raw;
    this.warm = s.warm;
    this.dwell = s.dwell ?? 0;
  }
}

export interface RegimeDetectorSnapshot {
  level: number[];
  regime: Regime;
  confidence: number;
  pending: Regime | null;
  pendingCount: number;
  sincePanic: number | null;
  raw: RegimeReading | null;
  warm: boolean;
  dwell?: number;
}
