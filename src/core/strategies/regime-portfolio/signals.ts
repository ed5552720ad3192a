import type { PairFeatures } from './pair-features.ts';

/**
 * The component strategies. Each is a pure rule: (held exposure, features) -> new exposure.
 * The original sixth, defensive-hedge, is gone: on spot without shorting, with every pair
 * quoted in the account currency, its "hedge" was holding USD, which it did by never trading.
 * That is what the allocation's cash share is (selector.ts), and the report shows it as such.
 */
export const STRATEGY_NAMES = ['trend-follower', 'volatility-swing', 'mean-reversion', 'stable-allocator', 'recovery'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export interface SignalInput {
  readonly f: PairFeatures;
  /** The regime was panic within the recovery window (the recovery strategy's precondition). */
  readonly recentPanic: boolean;
}

export interface SignalParams {
  /** Volatility swing: exposure = min(1, swingVol / vol) at entry (annualised). */
  readonly swingVol: number;
  /** Stable allocator: exposure = min(1, stableVol / vol) (annualised). */
  readonly stableVol: number;
  /** Stable allocator exits below SMA(slow) x (1 - stableExitBuffer). */
  readonly stableExitBuffer: number;
  /** Mean reversion: enter at z <= entryZ (and > stopZ), exit at z >= exitZ or z <= stopZ. */
  readonly entryZ: number;
  readonly exitZ: number;
  readonly stopZ: number;
}

export const DEFAULT_SIGNAL_PARAMS: SignalParams = { swingVol: 0.6, stableVol: 0.4, stableExitBuffer: 0.03, entryZ: -2, exitZ: 0, stopZ: -3.5 };

/**
 * A component strategy: given the exposure it held on a pair (0 = flat, up to 1 = the full
 * per-pair slot) and the pair's features on a closed candle, the exposure it wants now.
 * Never sees money or orders; the composite sizes and trades.
 */
export interface SignalStrategy {
  readonly name: StrategyName;
  step(held: number, x: SignalInput): number;
}

const inverseVol = (target: number, vol: number): number => (vol > 0 ? Math.min(1, target / vol) : 1);

/** Rules of each strategy; docs/regime-portfolio.md states them in words. */
export function signalStrategies(p: SignalParams = DEFAULT_SIGNAL_PARAMS): Record<StrategyName, SignalStrategy> {
  return {
    // Trend follower: in while the fast SMA is above the slow one; enter when the close also clears the fast SMA.
    'trend-follower': {
      name: 'trend-follower',
      step(held, { f }) {
        if (!f.warm) return 0;
        if (held > 0) return f.close < f.smaSlow || f.smaFast < f.smaSlow ? 0 : held;
        return f.smaFast > f.smaSlow && f.close > f.smaFast ? 1 : 0;
      },
    },
    // Volatility swing: buy a breakout above the prior high, sized inversely to volatility; exit below the prior swing low.
    'volatility-swing': {
      name: 'volatility-swing',
      step(held, { f }) {
        if (!f.warm) return 0;
        if (held > 0) return f.close < f.priorLow ? 0 : held;
        return f.close > f.priorHigh ? inverseVol(p.swingVol, f.vol) : 0;
      },
    },
    // Mean reversion: buy a close stretched below its mean, sell when it is back (or breaks down further).
    'mean-reversion': {
      name: 'mean-reversion',
      step(held, { f }) {
        if (!f.warm) return 0;
        if (held > 0) return f.z >= p.exitZ || f.z <= p.stopZ ? 0 : held;
        return f.z <= p.entryZ && f.z > p.stopZ ? 1 : 0;
      },
    },
    // Stable allocator: a low-volatility core above the slow SMA, sized to a volatility budget.
    'stable-allocator': {
      name: 'stable-allocator',
      step(held, { f }) {
        if (!f.warm) return 0;
        if (held > 0) return f.close < f.smaSlow * (1 - p.stableExitBuffer) ? 0 : held;
        return f.close > f.smaSlow ? inverseVol(p.stableVol, f.vol) : 0;
      },
    },
    // Recovery: after a panic, re-enter pairs that bounce (close above the fast SMA with positive momentum).
    recovery: {
      name: 'recovery',
      step(held, { f, recentPanic }) {
        if (!f.warm) return 0;
        if (held > 0) return f.close < f.smaFast ? 0 : held;
        return recentPanic && f.close > f.smaFast && f.momentum > 0 ? 1 : 0;
      },
    },
  };
}
