import { describe, expect, it } from 'vitest';
import { parseFixed, ZERO } from '../../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../../src/core/instruments/symbols.ts';
import { Bar } from '../../../src/core/market/bar.ts';
import type { Order } from '../../../src/core/orders/order.ts';
import type { PortfolioView } from '../../../src/core/risk/pre-trade-check.ts';
import { budgetFor, parseStrategyBudgets } from '../../../src/core/risk/strategy-budget-config.ts';
import { StrategyBudgetCheck, type BudgetSource } from '../../../src/core/risk/strategy-budget-check.ts';

const H = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2022, 0, 3);

/** A hand-driven source: what each strategy holds, has pending and has made. */
class FakeSource implements BudgetSource {
  position: Record<string, number> = {};
  pending: Record<string, number> = {};
  made: Record<string, number> = {};
  ready = () => true;
  ids = () => ['trend', 'swing'];
  positionValue = (id: string) => this.position[id] ?? 0;
  pendingBuys = (id: string) => this.pending[id] ?? 0;
  pnl = (id: string) => this.made[id] ?? 0;
}

const view = (now: number, notional = '500', equity = '10000'): PortfolioView => ({
  now,
  instruments: [defaultSymbols.instrument('BTC/USD')],
  equity: parseFixed(equity),
  positionValue: () => ZERO,
  pendingBuys: () => ZERO,
  orderNotional: parseFixed(notional),
});
const order = (strategyId: string, side: 'buy' | 'sell' = 'buy') => ({ pair: 'BTC/USD', pairIndex: 0, side, strategyId }) as Order;
const candle = (closeTime: number) => Object.assign(new Bar(), { pairIndex: 0, closeTime, close: 100 });

describe('per-strategy budgets (scenarios where each one binds)', () => {
  const budgets = parseStrategyBudgets({ default: { maxExposure: 0.2, maxDailyLoss: 0.03, maxOrdersPerHour: 3 }, strategies: { swing: { maxExposure: 0.5 } } });

  it('budget-exposure: a buy that takes the strategy above its share of equity is refused; its own override applies', () => {
    const src = new FakeSource();
    const c = new StrategyBudgetCheck(budgets, src);
    src.position.trend = 1200;
    src.pending.trend = 300;
    expect(c.check(order('trend'), view(T0, '500'))).toBeUndefined(); // 1200 + 300 + 500 = 2000 = 20%
    expect(c.check(order('trend'), view(T0, '500.01'))?.reason).toBe('budget-exposure');
    src.position.swing = 4000;
    expect(c.check(order('swing'), view(T0, '900'))).toBeUndefined(); // 49% of the 50% override
    expect(c.check(order('trend', 'sell'), view(T0, '5000'))).toBeUndefined(); // sells reduce risk
  });

  it('budget-daily-loss: after losing 3% of equity since 00:00 UTC, buys stop until the next day', () => {
    const src = new FakeSource();
    const c = new StrategyBudgetCheck(budgets, src);
    src.made.trend = 1000;
    c.onCandle(candle(T0 + H)); // the day starts: PnL 1000
    src.made.trend = 750; // -250: 2.5%
    expect(c.check(order('trend'), view(T0 + 5 * H))).toBeUndefined();
    src.made.trend = 690; // -310: 3.1%
    const r = c.check(order('trend'), view(T0 + 6 * H));
    expect(r?.reason).toBe('budget-daily-loss');
    expect(r?.detail).toMatch(/00:00 UTC/);
    expect(c.check(order('trend', 'sell'), view(T0 + 6 * H))).toBeUndefined();
    expect(c.check(order('swing'), view(T0 + 6 * H))).toBeUndefined(); // another strategy is not affected
    c.onCandle(candle(T0 + DAY + H)); // next day: measured from 690 again
    expect(c.check(order('trend'), view(T0 + DAY + 2 * H))).toBeUndefined();
  });

  it('budget-orders: the fourth order within a rolling hour is refused, sells included; an hour later it passes', () => {
    const src = new FakeSource();
    const c = new StrategyBudgetCheck(budgets, src);
    for (let i = 0; i < 3; i++) expect(c.check(order('trend', i % 2 ? 'sell' : 'buy'), view(T0 + i * 60_000))).toBeUndefined();
    expect(c.check(order('trend', 'sell'), view(T0 + 30 * 60_000))?.reason).toBe('budget-orders');
    expect(c.check(order('swing'), view(T0 + 30 * 60_000))).toBeUndefined(); // counted per strategy
    expect(c.check(order('trend'), view(T0 + H + 60_000))).toBeUndefined(); // the first two fell out of the hour
  });

  it('state survives snapshot/restore', () => {
    const src = new FakeSource();
    const c = new StrategyBudgetCheck(budgets, src);
    for (let i = 0; i < 3; i++) c.check(order('trend'), view(T0 + i));
    const d = new StrategyBudgetCheck(budgets, src);
    d.restore(JSON.parse(JSON.stringify(c.snapshot())));
    expect(d.check(order('trend'), view(T0 + 10))?.reason).toBe('budget-orders');
  });

  it('config: overrides merge field by field over the defaults; bad input names the field', () => {
    expect(budgetFor(budgets, 'swing')).toEqual({ maxExposure: 0.5, maxDailyLoss: 0.03, maxOrdersPerHour: 3 });
    expect(budgetFor(parseStrategyBudgets({}), 'x')).toEqual({});
    expect(() => parseStrategyBudgets({ default: { maxExposure: 1.5 } })).toThrow(/default\.maxExposure: must be at most 1/);
    expect(() => parseStrategyBudgets({ strategies: { a: { maxOrdersPerHour: 0.5 } } })).toThrow(/strategies\.a\.maxOrdersPerHour/);
    expect(() => parseStrategyBudgets({ default: { maxLoss: 0.1 } })).toThrow(/invalid strategy budgets/);
  });

  it('usage(): where each strategy stands against its budget, as the check itself counts it (changes nothing)', () => {
    const src = new FakeSource();
    const c = new StrategyBudgetCheck(budgets, src);
    src.position.trend = 1200;
    src.pending.trend = 300;
    src.made.trend = 1000;
    c.onCandle(candle(T0 + H));
    src.made.trend = 800;
    expect(c.check(order('trend'), view(T0 + 2 * H, '100'))).toBeUndefined();
    expect(c.check(order('trend'), view(T0 + 2 * H + 1, '100'))).toBeUndefined();
    const u = c.usage('trend', T0 + 2 * H + 2, 10_000)!;
    expect(u.budget).toEqual(budgetFor(budgets, 'trend'));
    expect(u.exposure).toBeCloseTo(0.15); // (1200 + 300) / 10000
    expect(u.dailyLoss).toBeCloseTo(0.02); // 200 lost since the day began
    expect(u.ordersLastHour).toBe(2);
    expect(c.usage('trend', T0 + 3 * H + 2, 10_000)!.ordersLastHour).toBe(0); // the hour rolled on
    expect(c.usage('swing', T0, 10_000)!.budget.maxExposure).toBe(0.5);
    expect(c.check(order('trend'), view(T0 + 2 * H + 3, '100'))).toBeUndefined(); // usage() counted nothing: 3rd order of 3 passes
    expect(c.usage('trend', T0, 0)).toBeUndefined(); // no equity: no share to show
  });
});
