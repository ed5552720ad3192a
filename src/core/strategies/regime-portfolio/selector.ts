import type { Regime } from '../../regime/regime.ts';
import { STRATEGY_NAMES, type StrategyName } from './signals.ts';

/** The primary slot of the defensive regimes: capital kept in the account currency. */
export const CASH = 'cash';

/**
 * What runs in each regime: [primary, secondary]. At most two strategies by construction; in
 * risk-off and panic the primary share is cash (what the removed defensive-hedge did).
 */
export const REGIME_STRATEGIES: Readonly<Record<Regime, readonly [StrategyName | typeof CASH, StrategyName]>> = {
  'risk-on': ['trend-follower', 'volatility-swing'],
  neutral: ['mean-reversion', 'stable-allocator'],
  'risk-off': [CASH, 'stable-allocator'],
  panic: [CASH, 'recovery'],
};

export interface AllocationParams {
  /** Primary strategy's share at confidence 0 and at confidence 1. */
  readonly minWeight: number;
  readonly maxWeight: number;
  /** Confidence is rounded to this step before weighting, so weights do not churn every candle. */
  readonly confidenceStep: number;
}

export const DEFAULT_ALLOCATION: AllocationParams = { minWeight: 0.3, maxWeight: 0.7, confidenceStep: 0.25 };

export interface Allocation {
  readonly regime: Regime;
  /** Chosen strategies with their share of the capital budget, primary first (cash is not a pick). */
  readonly picks: readonly { readonly name: StrategyName; readonly weight: number }[];
  /** Share held in the account currency by decision (the defensive primary); 1 - sum of weights may be larger. */
  readonly cash: number;
}

export function validateAllocation(p: AllocationParams): void {
  if (!(p.minWeight >= 0 && p.minWeight <= p.maxWeight && p.maxWeight <= 1)) throw new RangeError(`allocation: need 0 <= minWeight <= maxWeight <= 1, got ${p.minWeight}, ${p.maxWeight}`);
  if (!(p.confidenceStep > 0 && p.confidenceStep <= 1)) throw new RangeError(`allocation: confidenceStep must be in (0, 1], got ${p.confidenceStep}`);
}

/**
 * Picks the regime's two strategies and splits capital: the primary gets minWeight..maxWeight
 * rising with confidence (rounded to confidenceStep), the secondary the rest, capped at
 * maxWeight. Shortly after a panic (recentPanic) in neutral or risk-off, recovery takes the
 * secondary slot. Weights are in [0, 1] and sum to at most 1.
 */
export function allocate(regime: Regime, confidence: number, recentPanic: boolean, p: AllocationParams = DEFAULT_ALLOCATION): Allocation {
  const c = Number.isFinite(confidence) ? Math.min(1, Math.max(0, confidence)) : 0;
  const stepped = Math.round(c / p.confidenceStep) * p.confidenceStep;
  const primaryWeight = p.minWeight + (p.maxWeight - p.minWeight) * Math.min(1, stepped);
  const [primary, usual] = REGIME_STRATEGIES[regime];
  const secondary = recentPanic && (regime === 'neutral' || regime === 'risk-off') ? 'recovery' : usual;
  const secondaryWeight = Math.min(p.maxWeight, Math.max(0, 1 - primaryWeight));
  const picks = [{ name: primary, weight: primaryWeight }, { name: secondary, weight: secondaryWeight }];
  return { regime, picks: picks.filter((x): x is { name: StrategyName; weight: number } => x.name !== CASH), cash: primary === CASH ? primaryWeight : 0 };
}

/** The change of a primary weight from one confidence step to the next (the smallest allocation move). */
export function allocationStep(p: AllocationParams = DEFAULT_ALLOCATION): number {
  return (p.maxWeight - p.minWeight) * p.confidenceStep;
}

/** Weight of every strategy (0 when not picked), in STRATEGY_NAMES order. */
export function weightsOf(a: Allocation): Record<StrategyName, number> {
  const out = Object.fromEntries(STRATEGY_NAMES.map((n) => [n, 0])) as Record<StrategyName, number>;
  for (const pick of a.picks) out[pick.name] += pick.weight;
  return out;
}
