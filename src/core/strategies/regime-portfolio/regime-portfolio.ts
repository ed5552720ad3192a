import { toNumber, ZERO } from '../../decimal/fixed.ts';
import type { Bar } from '../../market/bar.ts';
import type { Order } from '../../orders/order.ts';
import type { PreTradeCheck } from '../../risk/pre-trade-check.ts';
import { budgetFor } from '../../risk/strategy-budget-config.ts';
import { StrategyBudgetCheck, type BudgetSource } from '../../risk/strategy-budget-check.ts';
import { StrategyBooks, type BooksSnapshot } from '../../risk/strategy-books.ts';
import { BasketIndex, type BasketSnapshot } from '../../regime/basket-index.ts';
import { RegimeDetector, type RegimeDetectorSnapshot, type RegimeState } from '../../regime/regime-detector.ts';
import type { FillView, Strategy, StrategyContext } from '../../strategy/strategy.ts';
import { toCanonical } from '../../universe/universe.ts';
import { StepSampler, type StepSamplerSnapshot } from '../../regime/step-sampler.ts';
import { buyHeadroom } from './exposure-limits.ts';
import { ML_MEMBER, MlMember } from './ml-member.ts';
import { PairHistory } from './pair-features.ts';
import { CorrelationCheck, DowntimeCheck, DrawdownHaltCheck, ExposureLimitsCheck } from './portfolio-checks.ts';
import { DEFAULT_PARAMS, type RegimePortfolioParams } from './portfolio-params.ts';
import { inWindow } from './schedule.ts';
import { allocate, allocationStep, CASH, validateAllocation, weightsOf, type Allocation } from './selector.ts';
import { signalStrategies, STRATEGY_NAMES, type SignalStrategy } from './signals.ts';
import { rebalanceOrder } from './sizing.ts';

export { DEFAULT_PARAMS, type RegimePortfolioParams } from './portfolio-params.ts';

interface Recorded {
  regime: string;
  strategies: string;
  weights: string;
  size: number;
}

/**
 * The original bot's whole strategy system as one kernel strategy: detects the market regime
 * on a reference pair or basket, lets the selector pick at most two of five member strategies
 * with confidence-weighted capital, keeps one book per member (every order carries the
 * member's strategyId, so attribution and budgets are per member), sizes each member's book
 * toward its target within the portfolio limits and its budget, and brings the checks
 * (downtime, drawdown halt, pair and top-3 caps, no leverage, correlation, member budgets)
 * that the kernel runs on every order. Rules and parameters: docs/regime-portfolio.md.
 */
export class RegimePortfolio implements Strategy, BudgetSource {
  readonly name = 'regime-portfolio';
  readonly checks: readonly PreTradeCheck[];
  readonly downtimeCheck: DowntimeCheck;
  readonly drawdownCheck: DrawdownHaltCheck;
  readonly limitsCheck: ExposureLimitsCheck;
  readonly correlationCheck: CorrelationCheck;
  readonly budgetCheck: StrategyBudgetCheck;
  /** Smallest rebalance of a member's book, fraction of equity. */
  readonly band: number;
  private readonly strategies: readonly SignalStrategy[];
  /** Member ids in book order: the five rule members, then the ML member when configured. */
  readonly members: readonly string[];

  /** Every member's id is known from the start (Strategy.strategyIds). */
  get strategyIds(): readonly string[] {
    return this.members;
  }
  private readonly ml: MlMember | undefined;
  private detector: RegimeDetector;
  private basket: BasketIndex | undefined;
  private sampler: StepSampler;
  private histories: PairHistory[] = [];
  /** exposures[strategy][pair]: what each member wants held, 0..1 of the pair slot. */
  private exposures: number[][] = [];
  private cooldown: number[] = [];
  private books = new StrategyBooks([]);
  private regime: RegimeState | undefined;
  private allocation: Allocation | undefined;
  private recorded: Recorded = { regime: '', strategies: '', weights: '', size: 1 };
  private refIndices: number[] = [];
  /** The kernel's context of the current callback (budget checks read marks and open orders through it). */
  private ctx: StrategyContext | undefined;

  constructor(readonly params: RegimePortfolioParams = DEFAULT_PARAMS) {
    validateAllocation(params.allocation);
    for (const [k, v, lo, hi] of [['pairCap', params.pairCap, 0, 1], ['top3Cap', params.top3Cap, 0, 1], ['slippageAllowance', params.slippageAllowance, 0, 0.1]] as const) {
      if (!(v > lo && v <= hi) && !(k === 'slippageAllowance' && v === 0)) throw new RangeError(`regime-portfolio: ${k} must be in (${lo}, ${hi}], got ${v}`);
    }
    const step = params.pairCap * allocationStep(params.allocation);
    this.band = params.rebalanceBand ?? 1.5 * step;
    if (!(this.band > step && this.band <= 1)) {
      throw new RangeError(`regime-portfolio: rebalanceBand ${this.band} must be wider than one allocation step (pairCap x weight step = ${step.toFixed(4)}) and at most 1, or a confidence step alone would trade`);
    }
    this.strategies = STRATEGY_NAMES.map((n) => signalStrategies(params.signals)[n]);
    this.ml = params.ml ? new MlMember(params.ml) : undefined;
    this.members = this.ml ? [...STRATEGY_NAMES, ML_MEMBER] : STRATEGY_NAMES;
    this.detector = new RegimeDetector(params.detector);
    this.sampler = new StepSampler(params.regimeStepMs);
    this.downtimeCheck = new DowntimeCheck(params.downtime);
    this.drawdownCheck = new DrawdownHaltCheck({ maxDrawdown: params.maxDrawdown, ...params.halt });
    this.limitsCheck = new ExposureLimitsCheck({ pairCap: params.pairCap, top3Cap: params.top3Cap, costRate: 0.0026 + params.slippageAllowance });
    this.correlationCheck = new CorrelationCheck(params.correlationWindow, params.maxCorrelation, Math.ceil(params.correlationWindow / 2));
    this.budgetCheck = new StrategyBudgetCheck(params.budgets, this);
    // Budgets last: an order they pass goes to the venue, so it counts against the hourly limit.
    this.checks = [this.downtimeCheck, this.drawdownCheck, this.limitsCheck, this.correlationCheck, this.budgetCheck];
    new PairHistory(params.windows); // validates the windows now rather than on start
  }

  onStart(ctx: StrategyContext): void {
    this.ctx = ctx;
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
    this.exposures = this.members.map(() => symbols.map(() => 0));
    this.cooldown = symbols.map(() => 0);
    this.books = new StrategyBooks(symbols);
    for (const n of this.members) this.books.ensure(n);
    this.ml?.onStart(ctx);
    this.correlationCheck.init(symbols.length);
    this.limitsCheck.setCostRate(toNumber(ctx.feeRate('taker')) + this.params.slippageAllowance);
  }

  onCandle(ctx: StrategyContext, bar: Bar): void {
    this.ctx = ctx;
    const p = bar.pairIndex;
    const history = this.histories[p];
    history.push(bar.high, bar.low, bar.close);
    this.basket!.onClose(p, bar.closeTime, bar.close, (t, level) => this.sampler.push(t, level, (_t, l) => this.onReference(ctx, l)));
    const f = history.features(bar.closeTime - bar.openTime);
    const input = { f, recentPanic: this.recentPanic() };
    for (let s = 0; s < this.strategies.length; s++) this.exposures[s][p] = this.strategies[s].step(this.exposures[s][p], input);
    if (this.ml) this.exposures[this.strategies.length][p] = this.ml.step(ctx, bar);

    this.drawdownCheck.observe(bar.closeTime, ctx.equity());
    this.noteSize(ctx);
    if (this.cooldown[p] > 0) this.cooldown[p]--;
    if (!this.regime?.warm || !this.allocation) return;
    if (inWindow(this.params.downtime, bar.closeTime)) return; // schedule: no new orders in the downtime
    const end = ctx.runEnd();
    if (end !== undefined && bar.closeTime >= end) return;
    if (bar.closeTime < this.params.tradeFrom) return;
    if (ctx.openOrders(bar.symbol).length > 0) return;
    this.trade(ctx, bar);
  }

  onOrderUpdate(ctx: StrategyContext, order: Order): void {
    this.ctx = ctx;
    if (order.status === 'rejected' && order.pairIndex >= 0) this.cooldown[order.pairIndex] = this.params.rejectCooldown;
  }

  onFill(ctx: StrategyContext, fill: FillView): void {
    this.ctx = ctx;
    this.books.applyFill(fill);
  }

  /** Wanted value of member s on pair p, fraction of equity: size scale x pairCap x weight x exposure. */
  memberTarget(s: number, p: number): number {
    if (!this.allocation) return 0;
    const name = this.members[s];
    let weight = 0;
    if (this.ml) weight = this.ml.memberWeight(this.allocation, name);
    else for (const pick of this.allocation.picks) if (pick.name === name) weight += pick.weight;
    return this.drawdownCheck.sizeScale() * this.params.pairCap * Math.min(1, weight * this.exposures[s][p]);
  }

  /** Wanted value of pair p, fraction of equity: the sum of the members' targets (at most pairCap). */
  targetOf(p: number): number {
    let sum = 0;
    for (let s = 0; s < this.members.length; s++) sum += this.memberTarget(s, p);
    return Math.min(this.params.pairCap, sum);
  }

  currentAllocation(): Allocation | undefined {
    return this.allocation;
  }

  regimeState(): RegimeState | undefined {
    return this.regime;
  }

  /** The members' books (attribution and budgets read them). */
  memberBooks(): StrategyBooks {
    return this.books;
  }

  // ---- BudgetSource: what the member budgets read ----------------------------------------

  ready(): boolean {
    return this.ctx !== undefined && this.books.pairs.length > 0;
  }

  ids(): readonly string[] {
    return this.members;
  }

  positionValue(id: string): number {
    return this.books.positionValue(id, this.mark);
  }

  pendingBuys(id: string): number {
    let sum = 0;
    for (const o of this.ctx?.openOrders() ?? []) {
      if (o.strategyId !== id || o.side !== 'buy') continue;
      sum += o.quoteQty !== undefined ? toNumber(o.quoteQty - o.filledCost - o.fees) : toNumber(o.qty - o.filledQty) * this.mark(o.pairIndex);
    }
    return sum;
  }

  pnl(id: string): number {
    return this.books.value(id, this.mark);
  }

  private readonly mark = (p: number): number => {
    const px = this.ctx?.lastPrice(this.books.pairs[p]) ?? NaN;
    return px > 0 ? px : 0;
  };

  // ---- internals --------------------------------------------------------------------------

  private recentPanic(): boolean {
    const since = this.regime?.stepsSincePanic;
    return since !== null && since !== undefined && since <= this.params.recoveryWindow;
  }

  private noteSize(ctx: StrategyContext): void {
    const size = this.drawdownCheck.sizeScale();
    if (size === this.recorded.size) return;
    this.recorded.size = size;
    ctx.record('risk.size', size);
    ctx.log(size === 0 ? 'drawdown halt: no new buys, exiting positions' : size < 1 ? 'drawdown halt lifted: trading at reduced size' : 'full size restored');
  }

  private onReference(ctx: StrategyContext, level: number): void {
    const state = this.detector.update(level);
    this.regime = state;
    if (!state.warm) return;
    const only = this.params.only;
    this.allocation = only ? { regime: state.regime, picks: [{ name: only, weight: 1 }], cash: 0 } : allocate(state.regime, state.confidence, this.recentPanic(), this.params.allocation);
    ctx.record('regime.confidence', state.confidence);
    if (state.regime !== this.recorded.regime) {
      this.recorded.regime = state.regime;
      ctx.record('regime', state.regime);
    }
    const strategies = [...(this.allocation.cash > 0 ? [CASH] : []), ...this.allocation.picks.map((x) => x.name)].join(' + ');
    if (strategies !== this.recorded.strategies) {
      this.recorded.strategies = strategies;
      ctx.record('strategies', strategies);
    }
    const weights = weightsOf(this.allocation);
    const key = [...STRATEGY_NAMES.map((n) => weights[n].toFixed(4)), this.allocation.cash.toFixed(4)].join(',');
    if (key !== this.recorded.weights) {
      this.recorded.weights = key;
      for (const n of STRATEGY_NAMES) ctx.record(`alloc.${n}`, weights[n]);
      ctx.record(`alloc.${CASH}`, this.allocation.cash);
      if (this.ml) ctx.record(`alloc.${ML_MEMBER}`, this.ml.weightIn(state.regime));
    }
  }

  /** Exposure of every pair (position value + open quote buys) and the sum of open buys, floats. */
  private exposureNow(ctx: StrategyContext): { exposure: number[]; pending: number } {
    let pending = 0;
    const exposure = ctx.instruments().map((inst) => {
      let buys = 0;
      for (const o of ctx.openOrders(inst.symbol)) if (o.side === 'buy' && o.quoteQty !== undefined) buys += toNumber(o.quoteQty - o.filledCost - o.fees);
      pending += buys;
      const held = ctx.position(inst.symbol);
      const px = ctx.lastPrice(inst.symbol);
      return (held === ZERO || !(px > 0) ? 0 : toNumber(held) * px) + buys;
    });
    return { exposure, pending };
  }

  /**
   * Moves every member's book on this pair toward its target: sells first (they free cash and
   * room under the caps), then buys no larger than the portfolio headroom and the member's
   * exposure budget. One order per member at most; each carries the member's strategyId.
   */
  private trade(ctx: StrategyContext, bar: Bar): void {
    const inst = ctx.instruments()[bar.pairIndex];
    const p = bar.pairIndex;
    const equity = ctx.equity();
    const tag = this.allocation?.regime ?? 'regime';
    const orderFor = (s: number, headroom: number) =>
      rebalanceOrder(
        {
          pair: inst.symbol,
          price: bar.close,
          held: this.books.qty(this.members[s], p),
          equity,
          target: this.memberTarget(s, p),
          headroom,
          band: this.band,
          lotDecimals: inst.lotDecimals,
          minQty: inst.minQty,
          minCost: toNumber(inst.minCost),
        },
        `${tag} ${this.members[s]}`,
      );
    const buyers: number[] = [];
    for (let s = 0; s < this.members.length; s++) {
      const order = orderFor(s, 0);
      if (order?.side === 'sell') ctx.submit({ ...order, strategyId: this.members[s] });
      else if (this.memberTarget(s, p) > 0) buyers.push(s);
    }
    if (this.cooldown[p] > 0) return; // a standing refusal is not retried every candle
    for (const s of buyers) {
      const { exposure, pending } = this.exposureNow(ctx);
      const portfolio = buyHeadroom(exposure, pending, equity, p, this.limitsCheck.limits);
      const order = orderFor(s, Math.min(portfolio, this.budgetHeadroom(this.members[s], equity)));
      if (order?.side !== 'buy') continue;
      const placed = ctx.submit({ ...order, strategyId: this.members[s] });
      if (placed.status === 'rejected') return;
    }
  }

  /** Largest buy a member's exposure budget allows now (0.5% safety, like the portfolio headroom). */
  private budgetHeadroom(id: string, equity: number): number {
    const max = budgetFor(this.params.budgets, id).maxExposure;
    if (max === undefined) return Infinity;
    return Math.max(0, (max * equity - this.positionValue(id) - this.pendingBuys(id)) * 0.995);
  }

  snapshot(): unknown {
    return {
      detector: this.detector.snapshot(),
      basket: this.basket?.snapshot() ?? null,
      sampler: this.sampler.snapshot(),
      refIndices: this.refIndices,
      histories: this.histories.map((h) => h.snapshot()),
      exposures: this.exposures,
      cooldown: this.cooldown,
      books: { pairs: this.books.pairs, state: this.books.snapshot() },
      regime: this.regime ?? null,
      allocation: this.allocation ?? null,
      recorded: this.recorded,
      ...(this.ml ? { ml: this.ml.snapshot() } : {}),
    };
  }

  restore(state: unknown): void {
    const s = state as {
      detector: RegimeDetectorSnapshot;
      basket: BasketSnapshot | null;
      sampler: StepSamplerSnapshot;
      refIndices: number[];
      histories: [number[], number[], number[]][];
      exposures: number[][];
      cooldown: number[];
      books: { pairs: string[]; state: BooksSnapshot };
      regime: RegimeState | null;
      allocation: Allocation | null;
      recorded: Recorded;
      ml?: unknown;
    };
    this.detector = new RegimeDetector(this.params.detector);
    this.detector.restore(s.detector);
    this.refIndices = [...s.refIndices];
    this.basket = new BasketIndex(this.refIndices);
    if (s.basket) this.basket.restore(s.basket);
    this.sampler = new StepSampler(this.params.regimeStepMs);
    this.sampler.restore(s.sampler);
    this.histories = s.histories.map((h) => {
      const ph = new PairHistory(this.params.windows);
      ph.restore(h);
      return ph;
    });
    this.exposures = s.exposures.map((row) => [...row]);
    this.cooldown = [...s.cooldown];
    this.books = new StrategyBooks(s.books.pairs);
    this.books.restore(s.books.state);
    this.regime = s.regime ?? undefined;
    this.allocation = s.allocation ?? undefined;
    this.recorded = { ...s.recorded };
    if (this.ml && s.ml !== undefined) this.ml.restore(s.ml);
  }
}
