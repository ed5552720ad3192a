import { toNumber, ZERO } from '../../decimal/fixed.ts';
import type { Bar } from '../../market/bar.ts';
import type { Order } from '../../orders/order.ts';
import type { PreTradeCheck } from '../../risk/pre-trade-check.ts';
import { BasketIndex, type BasketSnapshot } from '../../regime/basket-index.ts';
import { DEFAULT_DETECTOR_PARAMS, RegimeDetector, type RegimeDetectorParams, type RegimeDetectorSnapshot, type RegimeState } from '../../regime/regime-detector.ts';
import type { Strategy, StrategyContext } from '../../strategy/strategy.ts';
import { toCanonical } from '../../universe/universe.ts';
import { buyHeadroom } from './exposure-limits.ts';
import { DEFAULT_WINDOWS, PairHistory, type FeatureWindows } from './pair-features.ts';
import { CorrelationCheck, DowntimeCheck, DrawdownHaltCheck, ExposureLimitsCheck } from './portfolio-checks.ts';
import { parseDailyWindow, inWindow, type DailyWindow } from './schedule.ts';
import { allocate, DEFAULT_ALLOCATION, validateAllocation, weightsOf, type Allocation, type AllocationParams } from './selector.ts';
import { DEFAULT_SIGNAL_PARAMS, signalStrategies, STRATEGY_NAMES, type SignalParams, type SignalStrategy } from './signals.ts';
import { rebalanceOrder } from './sizing.ts';

export interface RegimePortfolioParams {
  /** Reference pairs of the regime (one pair, or an equal-weight basket); empty = BTC/USD if traded, else the first pair. */
  readonly reference: readonly string[];
  readonly detector: RegimeDetectorParams;
  readonly windows: FeatureWindows;
  readonly signals: SignalParams;
  readonly allocation: AllocationParams;
  readonly pairCap: number;
  readonly top3Cap: number;
  readonly maxCorrelation: number;
  readonly correlationWindow: number;
  readonly maxDrawdown: number;
  /** Added to the venue's taker fee for the limits' cost haircut (slippage allowance). */
  readonly slippageAllowance: number;
  readonly downtime: DailyWindow | null;
  /** Reference steps after a panic during which recovery may re-enter. */
  readonly recoveryWindow: number;
  /** Smallest rebalance, as a fraction of equity. */
  readonly rebalanceBand: number;
  /** Candles of a pair to wait after one of its orders was rejected. */
  readonly rejectCooldown: number;
}

export const DEFAULT_PARAMS: RegimePortfolioParams = {
  reference: [],
  detector: DEFAULT_DETECTOR_PARAMS,
  windows: DEFAULT_WINDOWS,
  signals: DEFAULT_SIGNAL_PARAMS,
  allocation: DEFAULT_ALLOCATION,
  pairCap: 0.05,
  top3Cap: 0.5,
  maxCorrelation: 0.7,
  correlationWindow: 30,
  maxDrawdown: 0.2,
  slippageAllowance: 0.001,
  downtime: parseDailyWindow('03:00-05:00'),
  recoveryWindow: 60,
  rebalanceBand: 0.005,
  rejectCooldown: 5,
};

interface Recorded {
  regime: string;
  strategies: string;
  weights: string;
}

/**
 * The original bot's whole strategy system as one kernel strategy: detects the market regime
 * on a reference pair or basket, lets the selector pick at most two of six component
 * strategies with confidence-weighted capital, sizes every pair toward its target within the
 * portfolio limits, and brings the portfolio checks (downtime, drawdown halt, pair and top-3
 * caps, no leverage, correlation) that the kernel runs on every order. Rules and parameters:
 * docs/regime-portfolio.md.
 */
export class RegimePortfolio implements Strategy {
  readonly name = 'regime-portfolio';
  readonly checks: readonly PreTradeCheck[];
  readonly downtimeCheck: DowntimeCheck;
  readonly drawdownCheck: DrawdownHaltCheck;
  readonly limitsCheck: ExposureLimitsCheck;
  readonly correlationCheck: CorrelationCheck;
  private readonly strategies: readonly SignalStrategy[];
  private detector: RegimeDetector;
  private basket: BasketIndex | undefined;
  private histories: PairHistory[] = [];
  /** exposures[strategy][pair]: what each component wants held, 0..1 of the pair slot. */
  private exposures: number[][] = [];
  private cooldown: number[] = [];
  private regime: RegimeState | undefined;
  private allocation: Allocation | undefined;
  private recorded: Recorded = { regime: '', strategies: '', weights: '' };
  private refIndices: number[] = [];
  private haltNoted = false;

  constructor(readonly params: RegimePortfolioParams = DEFAULT_PARAMS) {
    validateAllocation(params.allocation);
    for (const [k, v, lo, hi] of [['pairCap', params.pairCap, 0, 1], ['top3Cap', params.top3Cap, 0, 1], ['rebalanceBand', params.rebalanceBand, 0, 1], ['slippageAllowance', params.slippageAllowance, 0, 0.1]] as const) {
      if (!(v > lo && v <= hi) && !(k === 'slippageAllowance' && v === 0)) throw new RangeError(`regime-portfolio: ${k} must be in (${lo}, ${hi}], got ${v}`);
    }
    this.strategies = STRATEGY_NAMES.map((n) => signalStrategies(params.signals)[n]);
    this.detector = new RegimeDetector(params.detector);
    this.downtimeCheck = new DowntimeCheck(params.downtime);
    this.drawdownCheck = new DrawdownHaltCheck(params.maxDrawdown);
    this.limitsCheck = new ExposureLimitsCheck({ pairCap: params.pairCap, top3Cap: params.top3Cap, costRate: 0.0026 + params.slippageAllowance });
    this.correlationCheck = new CorrelationCheck(params.correlationWindow, params.maxCorrelation, Math.ceil(params.correlationWindow / 2));
    this.checks = [this.downtimeCheck, this.drawdownCheck, this.limitsCheck, this.correlationCheck];
    new PairHistory(params.windows); // validates the windows now rather than on start
  }

  onStart(ctx: StrategyContext): void {
    const symbols = ctx.instruments().map((i) => i.symbol);
    for (const s of symbols) toCanonical(s); // every traded pair must be in the universe
    const wanted = this.params.reference.length ? this.params.reference.map(toCanonical) : [symbols.includes('BTC/USD') ? 'BTC/USD' : symbols[0]];
    this.refIndices = wanted.map((s) => {
      const i = symbols.indexOf(s);
      if (i < 0) throw new RangeError(`regime-portfolio: reference pair ${s} is not traded in this run (${symbols.join(', ')})`);
      return i;
    });
    this.basket = new BasketIndex(this.refIndices);
    this.histories = symbols.map(() => new PairHistory(this.params.windows));
    this.exposures = this.strategies.map(() => symbols.map(() => 0));
    this.cooldown = symbols.map(() => 0);
    this.correlationCheck.init(symbols.length);
    this.limitsCheck.setCostRate(toNumber(ctx.feeRate('taker')) + this.params.slippageAllowance);
  }

  onCandle(ctx: StrategyContext, bar: Bar): void {
    const p = bar.pairIndex;
    const history = this.histories[p];
    history.push(bar.high, bar.low, bar.close);
    this.basket!.onClose(p, bar.closeTime, bar.close, (_t, level) => this.onReference(ctx, level));
    const f = history.features(bar.closeTime - bar.openTime);
    const input = { f, recentPanic: this.recentPanic() };
    for (let s = 0; s < this.strategies.length; s++) this.exposures[s][p] = this.strategies[s].step(this.exposures[s][p], input);

    this.drawdownCheck.observe(bar.closeTime, ctx.equity());
    if (this.cooldown[p] > 0) this.cooldown[p]--;
    if (!this.regime?.warm || !this.allocation) return;
    if (inWindow(this.params.downtime, bar.closeTime)) return; // schedule: no new orders in the downtime
    const end = ctx.runEnd();
    if (end !== undefined && bar.closeTime >= end) return;
    if (ctx.openOrders(bar.symbol).length > 0) return;
    const halted = this.drawdownCheck.halted();
    if (halted && !this.haltNoted) {
      this.haltNoted = true;
      ctx.log('drawdown halt: no new buys, exiting positions');
      ctx.record('risk.halt', 1);
    }
    const target = halted ? 0 : this.targetOf(p);
    if (target > 0 && this.cooldown[p] > 0) return;
    this.trade(ctx, bar, target);
  }

  onOrderUpdate(_ctx: StrategyContext, order: Order): void {
    if (order.status === 'rejected' && order.pairIndex >= 0) this.cooldown[order.pairIndex] = this.params.rejectCooldown;
  }

  /** Wanted value of pair p as a fraction of equity: pairCap x sum of weight x exposure over the picks. */
  targetOf(p: number): number {
    if (!this.allocation) return 0;
    let sum = 0;
    for (const pick of this.allocation.picks) sum += pick.weight * this.exposures[STRATEGY_NAMES.indexOf(pick.name)][p];
    return this.params.pairCap * Math.min(1, sum);
  }

  currentAllocation(): Allocation | undefined {
    return this.allocation;
  }

  regimeState(): RegimeState | undefined {
    return this.regime;
  }

  private recentPanic(): boolean {
    const since = this.regime?.stepsSincePanic;
    return since !== null && since !== undefined && since <= this.params.recoveryWindow;
  }

  private onReference(ctx: StrategyContext, level: number): void {
    const state = this.detector.update(level);
    this.regime = state;
    if (!state.warm) return;
    this.allocation = allocate(state.regime, state.confidence, this.recentPanic(), this.params.allocation);
    ctx.record('regime.confidence', state.confidence);
    if (state.regime !== this.recorded.regime) {
      this.recorded.regime = state.regime;
      ctx.record('regime', state.regime);
    }
    const strategies = this.allocation.picks.map((x) => x.name).join(' + ');
    if (strategies !== this.recorded.strategies) {
      this.recorded.strategies = strategies;
      ctx.record('strategies', strategies);
    }
    const weights = weightsOf(this.allocation);
    const key = STRATEGY_NAMES.map((n) => weights[n].toFixed(4)).join(',');
    if (key !== this.recorded.weights) {
      this.recorded.weights = key;
      for (const n of STRATEGY_NAMES) ctx.record(`alloc.${n}`, weights[n]);
    }
  }

  private trade(ctx: StrategyContext, bar: Bar, target: number): void {
    const instruments = ctx.instruments();
    const p = bar.pairIndex;
    let pending = 0;
    const exposure = instruments.map((inst) => {
      let buys = 0;
      for (const o of ctx.openOrders(inst.symbol)) if (o.side === 'buy' && o.quoteQty !== undefined) buys += toNumber(o.quoteQty - o.filledCost - o.fees);
      pending += buys;
      const held = ctx.position(inst.symbol);
      const px = ctx.lastPrice(inst.symbol);
      return (held === ZERO || !(px > 0) ? 0 : toNumber(held) * px) + buys;
    });
    const inst = instruments[p];
    const order = rebalanceOrder(
      {
        pair: inst.symbol,
        price: bar.close,
        held: ctx.position(inst.symbol),
        equity: ctx.equity(),
        target,
        headroom: buyHeadroom(exposure, pending, ctx.equity(), p, this.limitsCheck.limits),
        band: this.params.rebalanceBand,
        lotDecimals: inst.lotDecimals,
        minQty: inst.minQty,
        minCost: toNumber(inst.minCost),
      },
      this.allocation?.regime ?? 'regime',
    );
    if (order) ctx.submit(order);
  }

  snapshot(): unknown {
    return {
      detector: this.detector.snapshot(),
      basket: this.basket?.snapshot() ?? null,
      refIndices: this.refIndices,
      histories: this.histories.map((h) => h.snapshot()),
      exposures: this.exposures,
      cooldown: this.cooldown,
      regime: this.regime ?? null,
      allocation: this.allocation ?? null,
      recorded: this.recorded,
      haltNoted: this.haltNoted,
    };
  }

  restore(state: unknown): void {
    const s = state as {
      detector: RegimeDetectorSnapshot;
      basket: BasketSnapshot | null;
      refIndices: number[];
      histories: [number[], number[], number[]][];
      exposures: number[][];
      cooldown: number[];
      regime: RegimeState | null;
      allocation: Allocation | null;
      recorded: Recorded;
      haltNoted: boolean;
    };
    this.detector = new RegimeDetector(this.params.detector);
    this.detector.restore(s.detector);
    this.refIndices = [...s.refIndices];
    this.basket = new BasketIndex(this.refIndices);
    if (s.basket) this.basket.restore(s.basket);
    this.histories = s.histories.map((h) => {
      const ph = new PairHistory(this.params.windows);
      ph.restore(h);
      return ph;
    });
    this.exposures = s.exposures.map((row) => [...row]);
    this.cooldown = [...s.cooldown];
    this.regime = s.regime ?? undefined;
    this.allocation = s.allocation ?? undefined;
    this.recorded = { ...s.recorded };
    this.haltNoted = s.haltNoted;
  }
}
