import { fromFloat, mul, toNumber, ZERO } from '../../decimal/fixed.ts';
import type { Bar } from '../../market/bar.ts';
import type { Order } from '../../orders/order.ts';
import type { PortfolioView, PreTradeCheck } from '../../risk/pre-trade-check.ts';
import { BUDGET_REJECT_REASONS } from '../../risk/strategy-budget-check.ts';
import { checkBuy, type ExposureLimits } from './exposure-limits.ts';
import { ReturnsWindow, type ReturnsWindowSnapshot } from './returns-window.ts';

/** Reason codes of the portfolio checks; results count rejections by them. */
export const PORTFOLIO_REJECT_REASONS = ['downtime', 'drawdown-halt', 'pair-cap', 'top3-cap', 'leverage', 'correlation', ...BUDGET_REJECT_REASONS] as const;
export type PortfolioRejectReason = (typeof PORTFOLIO_REJECT_REASONS)[number];

type Verdict = { reason: Exclude<PortfolioRejectReason, (typeof BUDGET_REJECT_REASONS)[number]>; detail: string } | undefined;

/** No new order of any kind inside the daily downtime window: the one check in src/core/calendar. */
export { DowntimeCheck } from '../../calendar/downtime-check.ts';

/** The drawdown halt and its resume rule (docs/regime-portfolio.md, "Drawdown halt and resume"). */
export interface DrawdownHaltParams {
  /** Drawdown from peak equity that halts new buys (0.2 = 20%). */
  readonly maxDrawdown: number;
  /** Time the halt lasts before trading resumes; null = the halt is permanent. */
  readonly cooldownMs: number | null;
  /** Size multiplier of every target after a resume, until equity recovered resumeGain (0, 1]. */
  readonly resumeSize: number;
  /** Gain over the equity at resume that restores full size (0.05 = +5%). */
  readonly resumeGain: number;
}

export const DEFAULT_HALT: DrawdownHaltParams = { maxDrawdown: 0.2, cooldownMs: 30 * 86_400_000, resumeSize: 0.5, resumeGain: 0.05 };

/**
 * Halts new risk once equity fell `maxDrawdown` below its peak: every buy is refused (sells,
 * which reduce risk, still pass so the strategy can go to cash). After `cooldownMs` the halt
 * lifts: the peak restarts at the equity of that moment and targets are scaled by
 * `resumeSize` until equity is `resumeGain` above it; a new drawdown of maxDrawdown from the
 * new peak halts again. With cooldownMs null the halt lasts for the rest of the run. The
 * strategy feeds it equity on every candle; orders feed it too.
 */
export class DrawdownHaltCheck implements PreTradeCheck {
  readonly name = 'drawdown-halt';
  readonly params: DrawdownHaltParams;
  private peak = 0;
  private haltedAt: number | null = null;
  private resumeLevel: number | null = null;
  private why = '';

  constructor(params: DrawdownHaltParams | number) {
    const p = typeof params === 'number' ? { ...DEFAULT_HALT, maxDrawdown: params } : params;
    if (!(p.maxDrawdown > 0 && p.maxDrawdown <= 1)) throw new RangeError(`maxDrawdown must be in (0, 1], got ${p.maxDrawdown}`);
    if (p.cooldownMs !== null && !(p.cooldownMs >= 0 && Number.isFinite(p.cooldownMs))) throw new RangeError(`halt cool-down must be a non-negative time or null, got ${p.cooldownMs}`);
    if (!(p.resumeSize > 0 && p.resumeSize <= 1)) throw new RangeError(`resumeSize must be in (0, 1], got ${p.resumeSize}`);
    if (!(p.resumeGain >= 0 && Number.isFinite(p.resumeGain))) throw new RangeError(`resumeGain must be >= 0, got ${p.resumeGain}`);
    this.params = p;
  }

  get maxDrawdown(): number {
    return this.params.maxDrawdown;
  }

  observe(time: number, equity: number): void {
    const p = this.params;
    if (this.haltedAt !== null) {
      if (p.cooldownMs === null || time - this.haltedAt < p.cooldownMs) return;
      this.haltedAt = null;
      this.peak = equity;
      this.resumeLevel = equity;
      return;
    }
    if (equity > this.peak) this.peak = equity;
    if (this.resumeLevel !== null && equity >= this.resumeLevel * (1 + p.resumeGain)) this.resumeLevel = null;
    if (this.peak <= 0) return;
    const dd = 1 - equity / this.peak;
    if (dd >= p.maxDrawdown) {
      this.haltedAt = time;
      this.resumeLevel = null;
      this.why = `equity ${equity.toFixed(2)} is ${(dd * 100).toFixed(2)}% below its peak ${this.peak.toFixed(2)} (limit ${(p.maxDrawdown * 100).toFixed(2)}%)`;
    }
  }

  halted(): boolean {
    return this.haltedAt !== null;
  }

  /** Multiplier of every target: 0 while halted, resumeSize after a resume until equity recovered, else 1. */
  sizeScale(): number {
    if (this.haltedAt !== null) return 0;
    return this.resumeLevel !== null ? this.params.resumeSize : 1;
  }

  check(order: Order, view: PortfolioView): Verdict {
    this.observe(view.now, toNumber(view.equity));
    return order.side === 'buy' && this.haltedAt !== null ? { reason: 'drawdown-halt', detail: this.why } : undefined;
  }

  snapshot(): unknown {
    return { peak: this.peak, haltedAt: this.haltedAt, resumeLevel: this.resumeLevel, why: this.why };
  }

  restore(s: unknown): void {
    const v = s as { peak: number; haltedAt: number | null; resumeLevel?: number | null; why: string };
    this.peak = v.peak;
    this.haltedAt = v.haltedAt;
    this.resumeLevel = v.resumeLevel ?? null;
    this.why = v.why;
  }
}

/** Per-pair cap, top-three cap and no leverage, exactly (see checkBuy). Buys only. */
export class ExposureLimitsCheck implements PreTradeCheck {
  readonly name = 'exposure-limits';
  constructor(public limits: ExposureLimits) {}

  /** Set the cost rate from the venue's taker fee plus an allowance (the strategy does it on start). */
  setCostRate(costRate: number): void {
    this.limits = { ...this.limits, costRate };
  }

  snapshot(): unknown {
    return { costRate: this.limits.costRate };
  }

  restore(s: unknown): void {
    this.setCostRate((s as { costRate: number }).costRate);
  }

  check(order: Order, view: PortfolioView): Verdict {
    if (order.side !== 'buy') return undefined;
    const names = view.instruments.map((i) => i.symbol);
    let pending = ZERO;
    const exposure = names.map((pair) => {
      const p = view.pendingBuys(pair);
      pending += p;
      return view.positionValue(pair) + p;
    });
    return checkBuy(exposure, pending, view.equity, order.pairIndex, view.orderNotional, this.limits, names);
  }
}

/**
 * Refuses a buy of a pair whose rolling return correlation with a pair already held (more than
 * `heldShare` of equity, or with open buys) is above `maxCorrelation`. Correlation needs
 * `minObs` common returns; with fewer it is unknown and does not block.
 */
export class CorrelationCheck implements PreTradeCheck {
  readonly name = 'correlation';
  private returns: ReturnsWindow | undefined;

  constructor(readonly window: number, readonly maxCorrelation: number, readonly minObs: number, readonly heldShare = 0.001) {
    if (!(maxCorrelation > -1 && maxCorrelation <= 1)) throw new RangeError(`maxCorrelation must be in (-1, 1], got ${maxCorrelation}`);
    if (!(Number.isInteger(window) && window >= 3)) throw new RangeError(`correlation window must be an integer >= 3, got ${window}`);
  }

  /** Sizes the window for the run's pairs (the strategy calls it on start; restore rebuilds it). */
  init(pairs: number): void {
    this.returns = new ReturnsWindow(pairs, this.window);
  }

  /** Current correlation of two pairs (NaN when unknown). */
  correlation(a: number, b: number): number {
    return this.returns ? this.returns.correlation(a, b, this.minObs) : NaN;
  }

  onCandle(bar: Bar): void {
    this.returns?.onClose(bar.pairIndex, bar.closeTime, bar.close);
  }

  check(order: Order, view: PortfolioView): Verdict {
    if (order.side !== 'buy') return undefined;
    const held = mul(view.equity, fromFloat(this.heldShare, 9), 'down');
    let worst: { pair: string; rho: number } | undefined;
    view.instruments.forEach((inst, i) => {
      if (i === order.pairIndex) return;
      const x = view.positionValue(inst.symbol) + view.pendingBuys(inst.symbol);
      if (x <= held) return;
      const rho = this.correlation(order.pairIndex, i);
      if (rho > this.maxCorrelation && (worst === undefined || rho > worst.rho)) worst = { pair: inst.symbol, rho };
    });
    return worst ? { reason: 'correlation', detail: `${order.pair} return correlation with held ${worst.pair} is ${worst.rho.toFixed(3)} > ${this.maxCorrelation}` } : undefined;
  }

  snapshot(): unknown {
    return this.returns ? { pairs: this.returns.pairs, state: this.returns.snapshot() } : null;
  }

  restore(s: unknown): void {
    const v = s as { pairs: number; state: ReturnsWindowSnapshot };
    this.returns = new ReturnsWindow(v.pairs, this.window);
    this.returns.restore(v.state);
  }
}
