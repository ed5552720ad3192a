import { fromFloat, mul, toNumber, ZERO } from '../../decimal/fixed.ts';
import type { Bar } from '../../market/bar.ts';
import type { Order } from '../../orders/order.ts';
import type { PortfolioView, PreTradeCheck } from '../../risk/pre-trade-check.ts';
import { checkBuy, type ExposureLimits } from './exposure-limits.ts';
import { ReturnsWindow, type ReturnsWindowSnapshot } from './returns-window.ts';
import { formatWindow, inWindow, type DailyWindow } from './schedule.ts';

/** Reason codes of the portfolio checks; results count rejections by them. */
export const PORTFOLIO_REJECT_REASONS = ['downtime', 'drawdown-halt', 'pair-cap', 'top3-cap', 'leverage', 'correlation'] as const;
export type PortfolioRejectReason = (typeof PORTFOLIO_REJECT_REASONS)[number];

type Verdict = { reason: PortfolioRejectReason; detail: string } | undefined;

/** No new order of any kind inside the daily downtime window (UTC, order time). */
export class DowntimeCheck implements PreTradeCheck {
  readonly name = 'downtime';
  constructor(readonly window: DailyWindow | null) {}
  check(_order: Order, view: PortfolioView): Verdict {
    return inWindow(this.window, view.now) ? { reason: 'downtime', detail: `no new orders during the daily downtime ${formatWindow(this.window)}` } : undefined;
  }
}

/**
 * Halts new risk once equity fell `maxDrawdown` below its peak: every buy is refused from then
 * on (sells, which reduce risk, still pass so the strategy can go to cash). The strategy feeds
 * it equity on every candle; orders feed it too. The halt lasts for the rest of the run.
 */
export class DrawdownHaltCheck implements PreTradeCheck {
  readonly name = 'drawdown-halt';
  private peak = 0;
  private haltedAt: number | null = null;
  private why = '';

  constructor(readonly maxDrawdown: number) {
    if (!(maxDrawdown > 0 && maxDrawdown <= 1)) throw new RangeError(`maxDrawdown must be in (0, 1], got ${maxDrawdown}`);
  }

  observe(time: number, equity: number): void {
    if (equity > this.peak) this.peak = equity;
    if (this.haltedAt !== null || this.peak <= 0) return;
    const dd = 1 - equity / this.peak;
    if (dd >= this.maxDrawdown) {
      this.haltedAt = time;
      this.why = `equity ${equity.toFixed(2)} is ${(dd * 100).toFixed(2)}% below its peak ${this.peak.toFixed(2)} (limit ${(this.maxDrawdown * 100).toFixed(2)}%)`;
    }
  }

  halted(): boolean {
    return this.haltedAt !== null;
  }

  check(order: Order, view: PortfolioView): Verdict {
    this.observe(view.now, toNumber(view.equity));
    return order.side === 'buy' && this.haltedAt !== null ? { reason: 'drawdown-halt', detail: this.why } : undefined;
  }

  snapshot(): unknown {
    return { peak: this.peak, haltedAt: this.haltedAt, why: this.why };
  }

  restore(s: unknown): void {
    const v = s as { peak: number; haltedAt: number | null; why: string };
    this.peak = v.peak;
    this.haltedAt = v.haltedAt;
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
