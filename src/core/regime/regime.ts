/** The four market regimes, from most to least risk appetite. */
export const REGIMES = ['risk-on', 'neutral', 'risk-off', 'panic'] as const;
export type Regime = (typeof REGIMES)[number];

/** What the classifier reads from the reference series (pair or basket index). */
export interface RegimeFeatures {
  /** close / SMA(slow) - 1. */
  readonly trend: number;
  /** SMA(fast) / SMA(slow) - 1. */
  readonly slope: number;
  /** Volatility of log returns over the short window / over the long window. */
  readonly volRatio: number;
  /** 1 - close / highest close of the drawdown window. */
  readonly drawdown: number;
  /** Return over the shock window (a fast crash shows here first). */
  readonly shock: number;
}

export interface RegimeThresholds {
  /** |trend| band around 0 that counts as neutral. */
  readonly trendEnter: number;
  /** Trend at which risk-on / risk-off confidence reaches 1. */
  readonly trendFull: number;
  /** Drawdown that alone means risk-off. */
  readonly ddOff: number;
  /** Drawdown that, with a volatility spike, means panic. */
  readonly ddPanic: number;
  /** Short/long volatility ratio that counts as a spike. */
  readonly volSpike: number;
  /** Fall over the shock window that alone means panic (positive number, e.g. 0.2 = -20%). */
  readonly shockDrop: number;
  /** Exit thresholds: risk-on and trend-driven risk-off are left once |trend| falls below trendEnter x trendExit. */
  readonly trendExit: number;
  /** Drawdown-driven risk-off is left once the drawdown is below ddExit (ddOff enters it). */
  readonly ddExit: number;
}

export const DEFAULT_THRESHOLDS: RegimeThresholds = {
  trendEnter: 0.02,
  trendFull: 0.15,
  ddOff: 0.2,
  ddPanic: 0.35,
  volSpike: 1.5,
  shockDrop: 0.2,
  trendExit: 0.5,
  ddExit: 0.15,
};

export interface RegimeReading {
  readonly regime: Regime;
  /** How clearly the features are inside the regime, 0 (at its edge) .. 1 (deep inside). */
  readonly confidence: number;
}

const clamp01 = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x);

/** (x - edge) / (full - edge), clamped: 0 at the threshold, 1 at "full". */
function depth(x: number, edge: number, full: number): number {
  return clamp01((x - edge) / (full - edge));
}

/**
 * Classifies one reading, rules in priority order (the first that matches wins):
 * 1. panic: shock <= -shockDrop, or drawdown >= ddPanic with volRatio >= volSpike;
 * 2. risk-off: trend <= -trendEnter with slope < 0, or drawdown >= ddOff;
 * 3. risk-on: trend >= trendEnter with slope > 0 and volRatio < volSpike;
 * 4. neutral otherwise.
 * Confidence measures how far past its threshold the deciding feature is (see docs/regime-portfolio.md).
 */
export function classifyRegime(f: RegimeFeatures, t: RegimeThresholds = DEFAULT_THRESHOLDS): RegimeReading {
  const shockHit = f.shock <= -t.shockDrop;
  const crashHit = f.drawdown >= t.ddPanic && f.volRatio >= t.volSpike;
  if (shockHit || crashHit) {
    const c = Math.max(shockHit ? depth(-f.shock, t.shockDrop, 2 * t.shockDrop) : 0, crashHit ? depth(f.drawdown, t.ddPanic, 2 * t.ddPanic) : 0);
    return { regime: 'panic', confidence: c };
  }
  const downHit = f.trend <= -t.trendEnter && f.slope < 0;
  const ddHit = f.drawdown >= t.ddOff;
  if (downHit || ddHit) {
    const c = Math.max(downHit ? depth(-f.trend, t.trendEnter, t.trendFull) : 0, ddHit ? depth(f.drawdown, t.ddOff, t.ddPanic) : 0);
    return { regime: 'risk-off', confidence: c };
  }
  if (f.trend >= t.trendEnter && f.slope > 0 && f.volRatio < t.volSpike) {
    return { regime: 'risk-on', confidence: depth(f.trend, t.trendEnter, t.trendFull) };
  }
  return { regime: 'neutral', confidence: 1 - clamp01(Math.abs(f.trend) / t.trendEnter) };
}

/**
 * Whether the current regime's own rule still holds on its exit thresholds (hysteresis: a
 * regime is entered on the rules of classifyRegime and left only when this fails):
 * - risk-on: trend >= trendEnter x trendExit with slope > 0 and no volatility spike;
 * - risk-off: trend <= -trendEnter x trendExit with slope < 0, or drawdown >= ddExit;
 * - panic: its entry rule (it is left as soon as the crash stops, after the dwell);
 * - neutral: never (it is left as soon as another regime's entry rule holds).
 */
export function stillHolds(regime: Regime, f: RegimeFeatures, t: RegimeThresholds = DEFAULT_THRESHOLDS): boolean {
  switch (regime) {
    case 'risk-on':
      return f.trend >= t.trendEnter * t.trendExit && f.slope > 0 && f.volRatio < t.volSpike;
    case 'risk-off':
      return (f.trend <= -t.trendEnter * t.trendExit && f.slope < 0) || f.drawdown >= t.ddExit;
    case 'panic':
      return f.shock <= -t.shockDrop || (f.drawdown >= t.ddPanic && f.volRatio >= t.volSpike);
    case 'neutral':
      return false;
  }
}
