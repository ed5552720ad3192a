import { parseStrategyBudgets, type StrategyBudgets } from '../../risk/strategy-budget-config.ts';
import { DEFAULT_DETECTOR_PARAMS, type RegimeDetectorParams } from '../../regime/regime-detector.ts';
import type { MlMemberParams } from './ml-member.ts';
import { DEFAULT_WINDOWS, type FeatureWindows } from './pair-features.ts';
import { DEFAULT_HALT, type DrawdownHaltParams } from './portfolio-checks.ts';
import { DEFAULT_DOWNTIME } from '../../calendar/downtime-window.ts';
import { parseDailyWindow, type DailyWindow } from './schedule.ts';
import { DEFAULT_ALLOCATION, type AllocationParams } from './selector.ts';
import { DEFAULT_SIGNAL_PARAMS, type SignalParams, type StrategyName } from './signals.ts';

/** The parameters of regime-portfolio and their defaults (docs/regime-portfolio.md). */
export interface RegimePortfolioParams {
  /** Reference pairs of the regime (one pair, or an equal-weight basket); empty = BTC/USD if traded, else the first pair. */
  readonly reference: readonly string[];
  readonly detector: RegimeDetectorParams;
  /** The reference is read once per this many ms (UTC-aligned; a day by default), null = on every close. */
  readonly regimeStepMs: number | null;
  readonly windows: FeatureWindows;
  readonly signals: SignalParams;
  readonly allocation: AllocationParams;
  /**
   * Largest exposure of one pair, fraction of equity. It is also the pair's slot: a member at
   * full weight and full exposure targets the whole cap, so the caps can bind (five pairs at
   * 20% can reach 100% gross; three of them exceed the 50% top-3 cap).
   */
  readonly pairCap: number;
  readonly top3Cap: number;
  readonly maxCorrelation: number;
  readonly correlationWindow: number;
  readonly maxDrawdown: number;
  /** Resume rule of the drawdown halt (its maxDrawdown is the field above). */
  readonly halt: Omit<DrawdownHaltParams, 'maxDrawdown'>;
  /** Per-member risk budgets (ids are the member names). */
  readonly budgets: StrategyBudgets;
  /** Added to the venue's taker fee for the limits' cost haircut (slippage allowance). */
  readonly slippageAllowance: number;
  readonly downtime: DailyWindow | null;
  /** Reference steps after a panic during which recovery may re-enter. */
  readonly recoveryWindow: number;
  /**
   * Smallest rebalance of a member's book, fraction of equity; must be wider than one
   * allocation step (pairCap x weight step) so a confidence step alone never trades.
   * undefined = 1.5 x that step.
   */
  readonly rebalanceBand: number | undefined;
  /** Candles of a pair to wait after one of its orders was rejected. */
  readonly rejectCooldown: number;
  /** No order before this time (epoch ms): indicators and the regime warm up on the data before it. */
  readonly tradeFrom: number;
  /** Run one member alone at full weight in every regime (evaluation control); undefined = the selector decides. */
  readonly only: StrategyName | undefined;
  /** An ml-signal member trading an approved model (ml-member.ts); undefined = none. */
  readonly ml?: MlMemberParams;
}

export const DEFAULT_PARAMS: RegimePortfolioParams = {
  reference: [],
  detector: DEFAULT_DETECTOR_PARAMS,
  regimeStepMs: 86_400_000,
  windows: DEFAULT_WINDOWS,
  signals: DEFAULT_SIGNAL_PARAMS,
  allocation: DEFAULT_ALLOCATION,
  pairCap: 0.2,
  top3Cap: 0.5,
  maxCorrelation: 0.7,
  correlationWindow: 30,
  maxDrawdown: DEFAULT_HALT.maxDrawdown,
  halt: { cooldownMs: DEFAULT_HALT.cooldownMs, resumeSize: DEFAULT_HALT.resumeSize, resumeGain: DEFAULT_HALT.resumeGain },
  budgets: parseStrategyBudgets({ default: { maxExposure: 0.5, maxDailyLoss: 0.05, maxOrdersPerHour: 20 } }),
  slippageAllowance: 0.001,
  downtime: parseDailyWindow(DEFAULT_DOWNTIME),
  recoveryWindow: 60,
  rebalanceBand: undefined,
  rejectCooldown: 5,
  tradeFrom: -Infinity,
  only: undefined,
};
