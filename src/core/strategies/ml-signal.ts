import { fromFloat, min, ZERO } from '../decimal/fixed.ts';
import { FeatureEngine } from '../features/feature-engine.ts';
import { schemaHash } from '../features/schema-hash.ts';
import type { Bar } from '../market/bar.ts';
import { parseTimeframe } from '../market/timeframe.ts';
import { approvedModel, type ApprovedModel } from '../ml/approved-model.ts';
import { predict } from '../ml/xgb-model.ts';
import type { Strategy, StrategyContext, StrategyFactory } from '../strategy/strategy.ts';
import { rejectUnknownParams, StrategyParamError } from './params.ts';

/**
 * Trades an approved model's probabilities on one pair, long or flat (spot, no leverage): on
 * each closed candle it pushes the bar through the model's FeatureEngine (the code path the
 * model was trained on), scores it in-process, and targets `size` of equity when p >= threshold,
 * nothing otherwise, by market order at the next open. `targetFraction` exposes the same
 * decision to a portfolio that uses this strategy as a member.
 */
export class MlSignal implements Strategy {
  readonly name = 'ml-signal';
  model: ApprovedModel;
  private engine: FeatureEngine;
  private pairIndex = -1;
  lastProbability = NaN;
  /** Checked on the first bar: features of another timeframe would be garbage to the model. */
  private timeframeOk: boolean | undefined;

  /**
   * `key` names the model in the approved-model registry (an id, or "approved:PAIR"). It is
   * looked up on every bar, so a promotion (the live downtime cycle re-registers the alias)
   * reaches the running strategy without rebuilding it. Threshold and size default to the
   * artifact's signal rule.
   */
  constructor(
    readonly key: string,
    private readonly overrides: { readonly threshold?: number; readonly size?: number } = {},
  ) {
    this.model = approvedModel(key);
    this.check(this.model);
    this.engine = new FeatureEngine(this.model.spec);
  }

  /** The features are warm: `lastProbability` is the score of the latest bar. */
  get warm(): boolean {
    return this.engine.ready();
  }

  get threshold(): number {
    return this.overrides.threshold ?? this.model.signal.threshold;
  }

  get size(): number {
    return this.overrides.size ?? this.model.signal.size;
  }

  private check(m: ApprovedModel): void {
    const { threshold = m.signal.threshold, size = m.signal.size } = this.overrides;
    if (!(threshold >= 0 && threshold <= 1)) throw new StrategyParamError(`ml-signal: threshold must be in [0, 1], got ${threshold}`);
    if (!(size > 0 && size <= 1)) throw new StrategyParamError(`ml-signal: size must be in (0, 1] (no leverage), got ${size}`);
    if (schemaHash(m.spec) !== m.schemaHash) throw new StrategyParamError(`ml-signal: model ${m.id}: its feature spec does not match the schema hash it recorded`);
  }

  onStart(ctx: StrategyContext): void {
    this.pairIndex = ctx.instruments().findIndex((i) => i.symbol === this.model.pair);
    if (this.pairIndex < 0) throw new StrategyParamError(`ml-signal: model ${this.model.id} trades ${this.model.pair}, which this run does not include`);
  }

  /** Feeds a closed bar of the model's pair; returns the fraction of equity to hold (0 until the features are warm). */
  targetFraction(bar: Bar): number {
    const current = approvedModel(this.key);
    if (current !== this.model) this.swapModel(current);
    const row = this.engine.push(bar);
    if (!this.engine.ready()) return 0;
    this.lastProbability = predict(this.model.model, row);
    return this.lastProbability >= this.threshold ? this.size : 0;
  }

  onCandle(ctx: StrategyContext, bar: Bar): void {
    if (bar.pairIndex !== this.pairIndex) return;
    if (this.timeframeOk === undefined) {
      this.timeframeOk = bar.closeTime - bar.openTime === parseTimeframe(this.model.spec.timeframe) * 60_000;
      if (!this.timeframeOk) ctx.log(`ml-signal: model ${this.model.id} was trained on ${this.model.spec.timeframe} candles; this run's candles differ, so it will not trade`);
    }
    if (!this.timeframeOk) return;
    // Not active (kill switch, or the runner flattening before its downtime): go flat, open nothing.
    const wanted = this.targetFraction(bar); // always fed, so the features stay warm
    const target = ctx.tradingMode() === 'active' ? wanted : 0;
    if (this.engine.ready()) ctx.record('ml.p', this.lastProbability);
    const end = ctx.runEnd();
    if (end !== undefined && bar.closeTime >= end) return;
    const pair = bar.symbol;
    if (ctx.openOrders(pair).length > 0) return;
    const held = ctx.position(pair);
    if (target > 0 && held === ZERO) {
      const inst = ctx.instrument(pair);
      const budget = min(ctx.available(inst.quote), fromFloat(ctx.equity() * target, 8));
      if (budget > ZERO && budget >= inst.minCost) ctx.submit({ pair, side: 'buy', type: 'market', quoteQty: budget, tag: `ml p=${this.lastProbability.toFixed(4)}` });
    } else if (target === 0 && held > ZERO) {
      ctx.submit({ pair, side: 'sell', type: 'market', qty: held, tag: `ml p=${this.lastProbability.toFixed(4)}` });
    }
  }

  /**
   * Switches to a newly approved model (the downtime cycle). With the same feature spec the
   * engine keeps its history; with another spec it starts a fresh warm-up.
   */
  swapModel(next: ApprovedModel): void {
    if (next.pair !== this.model.pair) throw new Error(`ml-signal: cannot swap a ${this.model.pair} model for one on ${next.pair}`);
    this.check(next);
    if (next.schemaHash !== this.model.schemaHash) this.engine = new FeatureEngine(next.spec);
    this.model = next;
  }

  snapshot(): unknown {
    return { model: this.model.id, engine: this.engine.snapshot() };
  }

  restore(state: unknown): void {
    const s = state as { model: string; engine: unknown };
    if (s.model !== this.model.id) this.model = approvedModel(s.model); // the model the snapshot was taken with
    this.engine = new FeatureEngine(this.model.spec);
    this.engine.restore(s.engine);
  }
}

function fraction(params: Readonly<Record<string, string>>, name: string, fallback: number): number {
  const raw = params[name];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new StrategyParamError(`ml-signal: ${name} must be a number, got "${raw}"`);
  return v;
}

export const mlSignalFactory: StrategyFactory = {
  name: 'ml-signal',
  description: 'Long/flat on an approved ML model: holds `size` of equity while its probability is >= `threshold`; docs/ml.md.',
  params: {
    model: { default: '', description: 'loaded model: its id, or "approved:PAIR" for the pair\'s approved model (krakenbt ml list)' },
    threshold: { default: '(model)', description: 'probability at or above which to be long (default: the artifact\'s signal rule)' },
    size: { default: '(model)', description: 'fraction of equity held while long, (0, 1] (default: the artifact\'s signal rule)' },
  },
  create(params) {
    rejectUnknownParams('ml-signal', params, ['model', 'threshold', 'size']);
    if (!params.model) throw new StrategyParamError('ml-signal: give --param model=<id> (an APPROVED model, see krakenbt ml list)');
    try {
      approvedModel(params.model);
    } catch (e) {
      throw new StrategyParamError((e as Error).message);
    }
    const overrides = { threshold: params.threshold === undefined ? undefined : fraction(params, 'threshold', 0), size: params.size === undefined ? undefined : fraction(params, 'size', 0) };
    return new MlSignal(params.model, overrides);
  },
};
