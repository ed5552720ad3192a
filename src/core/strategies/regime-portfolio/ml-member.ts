import type { Bar } from '../../market/bar.ts';
import { parseTimeframe } from '../../market/timeframe.ts';
import { REGIMES, type Regime } from '../../regime/regime.ts';
import type { StrategyContext } from '../../strategy/strategy.ts';
import { MlSignal } from '../ml-signal.ts';
import type { Allocation } from './selector.ts';

/** Member id (the strategyId on its orders, its book and budget) of the optional ML member. */
export const ML_MEMBER = 'ml-signal';

export interface MlMemberParams {
  /** Approved-model key: an id, or "approved:PAIR" (the alias a promotion re-points). */
  readonly model: string;
  /** Its share of the pair slot in the regimes it runs in; the selector's picks get the rest. */
  readonly weight: number;
  /** Regimes in which it holds capital (elsewhere its target is 0, so it exits). */
  readonly regimes: readonly Regime[];
  /** Probability threshold; undefined = the artifact's signal rule. */
  readonly threshold: number | undefined;
}

export function parseMlRegimes(text: string): Regime[] {
  const out = text.split(/[,+]/).map((s) => s.trim()).filter(Boolean);
  const bad = out.filter((r) => !(REGIMES as readonly string[]).includes(r));
  if (bad.length || out.length === 0) throw new RangeError(`mlRegimes must list regimes out of ${REGIMES.join(', ')}, got "${text}"`);
  return out as Regime[];
}

/**
 * The ml-signal strategy as a member of regime-portfolio. The model's decision (the same
 * MlSignal code that trades it alone: its FeatureEngine, its scorer, its threshold and size)
 * becomes the member's exposure of the model's pair slot, 0 or `size`; the portfolio sizes,
 * checks and trades it like every other member, with its own book, budget and strategyId.
 * It reads its model by key on every bar, so a journaled promotion reaches it.
 */
export class MlMember {
  readonly signal: MlSignal;
  private pairIndex = -1;
  private timeframeOk: boolean | undefined;

  constructor(readonly params: MlMemberParams) {
    if (!(params.weight > 0 && params.weight < 1)) throw new RangeError(`mlWeight must be in (0, 1) (the selector's members share the rest), got ${params.weight}`);
    if (params.regimes.length === 0) throw new RangeError('mlRegimes must name at least one regime');
    this.signal = new MlSignal(params.model, { threshold: params.threshold });
  }

  onStart(ctx: StrategyContext): void {
    this.signal.onStart(ctx); // refuses a run without the model's pair
    this.pairIndex = ctx.instruments().findIndex((i) => i.symbol === this.signal.model.pair);
  }

  /** Exposure of its pair slot wanted after this closed bar (0..1); other pairs stay 0. */
  step(ctx: StrategyContext, bar: Bar): number {
    if (bar.pairIndex !== this.pairIndex) return 0;
    if (this.timeframeOk === undefined) {
      this.timeframeOk = bar.closeTime - bar.openTime === parseTimeframe(this.signal.model.spec.timeframe) * 60_000;
      if (!this.timeframeOk) ctx.log(`regime-portfolio: ml member model ${this.signal.model.id} was trained on ${this.signal.model.spec.timeframe} candles; this run's differ, so it holds nothing`);
    }
    if (!this.timeframeOk) return 0;
    const x = this.signal.targetFraction(bar);
    if (this.signal.warm) ctx.record('ml.p', this.signal.lastProbability);
    return x;
  }

  weightIn(regime: Regime): number {
    return this.params.regimes.includes(regime) ? this.params.weight : 0;
  }

  /**
   * Capital share of member `name` under `allocation`: the ML member's weight in this regime,
   * and the selector's picks scaled to the rest, so the shares still sum to at most 1.
   */
  memberWeight(allocation: Allocation, name: string): number {
    const ml = this.weightIn(allocation.regime);
    if (name === ML_MEMBER) return ml;
    let weight = 0;
    for (const pick of allocation.picks) if (pick.name === name) weight += pick.weight;
    return weight * (1 - ml);
  }

  snapshot(): unknown {
    return { signal: this.signal.snapshot(), pairIndex: this.pairIndex, timeframeOk: this.timeframeOk ?? null };
  }

  restore(state: unknown): void {
    const s = state as { signal: unknown; pairIndex: number; timeframeOk: boolean | null };
    this.signal.restore(s.signal);
    this.pairIndex = s.pairIndex;
    this.timeframeOk = s.timeframeOk ?? undefined;
  }
}
