import { toNumber } from '../decimal/fixed.ts';
import type { Bar } from '../market/bar.ts';
import type { Order } from '../orders/order.ts';
import type { PortfolioView, PreTradeCheck } from './pre-trade-check.ts';
import { budgetFor, type StrategyBudget, type StrategyBudgets } from './strategy-budget-config.ts';

/** Reason codes of the per-strategy budgets. */
export const BUDGET_REJECT_REASONS = ['budget-exposure', 'budget-daily-loss', 'budget-orders'] as const;
export type BudgetRejectReason = (typeof BUDGET_REJECT_REASONS)[number];

/** What the budgets read about a strategy (its books at the current marks, its open buys), floats in the account currency. */
export interface BudgetSource {
  /** False until the source can answer (e.g. before the strategy saw its first candle after a restore). */
  ready(): boolean;
  positionValue(strategyId: string): number;
  pendingBuys(strategyId: string): number;
  /** Cash flow plus positions at the marks: PnL since the start. */
  pnl(strategyId: string): number;
  /** Strategy ids the budgets watch (for the daily reset). */
  ids(): readonly string[];
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Per-strategy risk budgets on the order path, checked before submit (the kernel runs checks
 * in order; put this one last, so an order it passes is an order that goes to the venue and
 * counts against the hourly limit):
 * - `budget-orders`: more than maxOrdersPerHour orders in the rolling hour (any side; a
 *   runaway loop is stopped whatever it sends);
 * - `budget-exposure`: a buy that would take the strategy's positions plus open buys above
 *   maxExposure x equity;
 * - `budget-daily-loss`: buys of a strategy that lost more than maxDailyLoss x equity since
 *   the UTC day began (measured from its PnL at the day's first candle) stop until the next day.
 * Sells that are not over the hourly count always pass: they reduce risk.
 */
export class StrategyBudgetCheck implements PreTradeCheck {
  readonly name = 'strategy-budgets';
  private recent = new Map<string, number[]>();
  private day = -1;
  private dayStart = new Map<string, number>();

  constructor(readonly budgets: StrategyBudgets, private readonly source: BudgetSource) {}

  onCandle(bar: Bar): void {
    const day = Math.floor(bar.closeTime / DAY);
    if (day === this.day || !this.source.ready()) return;
    this.day = day;
    this.dayStart = new Map(this.source.ids().map((id) => [id, this.source.pnl(id)]));
  }

  /** Loss of a strategy since the day began (positive = loss); 0 before the first day starts. */
  lossToday(id: string): number {
    const start = this.dayStart.get(id);
    return start === undefined ? 0 : start - this.source.pnl(id);
  }

  /**
   * Where a strategy stands against its budget now, as the check sees it (a view for the
   * dashboard; changes nothing): exposure and today's loss as fractions of `equity`, orders in
   * the rolling hour. Undefined while the source cannot answer yet.
   */
  usage(id: string, now: number, equity: number): { budget: StrategyBudget; exposure: number; dailyLoss: number; ordersLastHour: number } | undefined {
    if (!this.source.ready() || !(equity > 0)) return undefined;
    const ordersLastHour = (this.recent.get(id) ?? []).filter((t) => t > now - HOUR).length;
    return { budget: budgetFor(this.budgets, id), exposure: (this.source.positionValue(id) + this.source.pendingBuys(id)) / equity, dailyLoss: this.lossToday(id) / equity, ordersLastHour };
  }

  /** Strategy ids the budgets watch. */
  ids(): readonly string[] {
    return this.source.ids();
  }

  check(order: Order, view: PortfolioView): { reason: BudgetRejectReason; detail: string } | undefined {
    const id = order.strategyId;
    const b = budgetFor(this.budgets, id);
    const now = view.now;
    const times = (this.recent.get(id) ?? []).filter((t) => t > now - HOUR);
    if (b.maxOrdersPerHour !== undefined && times.length >= b.maxOrdersPerHour) {
      this.recent.set(id, times);
      return { reason: 'budget-orders', detail: `${id} placed ${times.length} orders in the last hour, limit ${b.maxOrdersPerHour}` };
    }
    if (order.side === 'buy') {
      const equity = toNumber(view.equity);
      const notional = toNumber(view.orderNotional);
      if (b.maxExposure !== undefined) {
        const after = this.source.positionValue(id) + this.source.pendingBuys(id) + notional;
        if (after > b.maxExposure * equity) {
          return { reason: 'budget-exposure', detail: `${id} would hold ${((after / equity) * 100).toFixed(2)}% of equity, budget ${(b.maxExposure * 100).toFixed(2)}%` };
        }
      }
      if (b.maxDailyLoss !== undefined) {
        const loss = this.lossToday(id);
        if (loss > b.maxDailyLoss * equity) {
          return { reason: 'budget-daily-loss', detail: `${id} lost ${loss.toFixed(2)} today (${((loss / equity) * 100).toFixed(2)}% of equity), budget ${(b.maxDailyLoss * 100).toFixed(2)}%; buys resume at 00:00 UTC` };
        }
      }
    }
    times.push(now);
    this.recent.set(id, times);
    return undefined;
  }

  snapshot(): unknown {
    return { recent: [...this.recent], day: this.day, dayStart: [...this.dayStart] };
  }

  restore(s: unknown): void {
    const v = s as { recent: [string, number[]][]; day: number; dayStart: [string, number][] };
    this.recent = new Map(v.recent.map(([k, t]) => [k, [...t]]));
    this.day = v.day;
    this.dayStart = new Map(v.dayStart);
  }
}
