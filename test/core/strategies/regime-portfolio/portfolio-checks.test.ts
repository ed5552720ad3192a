import { describe, expect, it } from 'vitest';
import { parseFixed, ZERO, type Fixed } from '../../../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../../../src/core/instruments/symbols.ts';
import { Bar } from '../../../../src/core/market/bar.ts';
import type { Order } from '../../../../src/core/orders/order.ts';
import type { PortfolioView } from '../../../../src/core/risk/pre-trade-check.ts';
import { checkBuy, CorrelationCheck, DowntimeCheck, DrawdownHaltCheck, parseDailyWindow } from '../../../../src/core/strategies/regime-portfolio/index.ts';

const F = (s: string): Fixed => parseFixed(s);
const NAMES = ['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD'];
const LIMITS = { pairCap: 0.05, top3Cap: 0.5, costRate: 0 };

describe('checkBuy (exact limits)', () => {
  it.each<[string, string[], string, number, string, typeof LIMITS, string | undefined]>([
    ['within the pair cap', ['0', '0', '0', '0'], '10000', 0, '500', LIMITS, undefined],
    ['one cent over the pair cap', ['0', '0', '0', '0'], '10000', 0, '500.01', LIMITS, 'pair-cap'],
    ['adds to a position up to the cap', ['400', '0', '0', '0'], '10000', 0, '100', LIMITS, undefined],
    ['adds to a position beyond the cap', ['400', '0', '0', '0'], '10000', 0, '101', LIMITS, 'pair-cap'],
    ['top three at 50%', ['2000', '2000', '0', '0'], '10000', 2, '1000', { ...LIMITS, pairCap: 0.3 }, undefined],
    ['top three over 50%', ['2000', '2000', '0', '0'], '10000', 2, '1001', { ...LIMITS, pairCap: 0.3 }, 'top3-cap'],
    ['a fourth pair below the top three passes', ['2000', '2000', '1000', '0'], '10000', 3, '500', { ...LIMITS, pairCap: 0.3 }, undefined],
    ['no leverage', ['3000', '3000', '3000', '0'], '10000', 3, '1001', { pairCap: 1, top3Cap: 1, costRate: 0 }, 'leverage'],
    ['the cost haircut shrinks the cap', ['0', '0', '0', '0'], '10000', 0, '500', { ...LIMITS, costRate: 0.01 }, 'pair-cap'],
  ])('%s', (_n, exposure, equity, pair, notional, limits, reason) => {
    const r = checkBuy(exposure.map(F), ZERO, F(equity), pair, F(notional), limits, NAMES);
    expect(r?.reason).toBe(reason);
    if (r) expect(r.detail).toMatch(/%|leverage/);
  });
});

function view(now: number, equity = '10000', held: Record<string, string> = {}): PortfolioView {
  return { now, instruments: NAMES.map((n) => defaultSymbols.instrument(n)), equity: F(equity), positionValue: (p) => F(held[p] ?? '0'), pendingBuys: () => ZERO, orderNotional: F('100') };
}
const order = (pairIndex: number, side: 'buy' | 'sell' = 'buy') => ({ pair: NAMES[pairIndex], pairIndex, side }) as Order;

describe('portfolio checks', () => {
  it('downtime refuses every order inside the window, none outside', () => {
    const c = new DowntimeCheck(parseDailyWindow('03:00-05:00'));
    expect(c.check(order(0, 'sell'), view(Date.UTC(2022, 0, 1, 3, 15)))?.reason).toBe('downtime');
    expect(c.check(order(0), view(Date.UTC(2022, 0, 1, 5)))).toBeUndefined();
  });

  it('drawdown halt resume rule: after the cool-down trading resumes at reduced size, full size after the gain, a new halt from the new peak', () => {
    const D = 86_400_000;
    const c = new DrawdownHaltCheck({ maxDrawdown: 0.2, cooldownMs: 30 * D, resumeSize: 0.5, resumeGain: 0.05 });
    c.observe(0, 10_000);
    c.observe(D, 7_900); // 21%: halted
    expect(c.sizeScale()).toBe(0);
    expect(c.check(order(0), view(2 * D, '7900'))?.reason).toBe('drawdown-halt');
    c.observe(29 * D, 8_500); // still in the cool-down
    expect(c.halted()).toBe(true);
    c.observe(31 * D, 8_000); // cool-down over: resumes, the peak restarts at 8,000
    expect(c.halted()).toBe(false);
    expect(c.sizeScale()).toBe(0.5);
    expect(c.check(order(0), view(31 * D, '8000'))).toBeUndefined();
    c.observe(32 * D, 8_390); // +4.9%: still reduced
    expect(c.sizeScale()).toBe(0.5);
    c.observe(33 * D, 8_400); // +5%: full size
    expect(c.sizeScale()).toBe(1);
    c.observe(34 * D, 6_700); // 20.2% below the new peak 8,400: halted again
    expect(c.halted()).toBe(true);
    const snap = new DrawdownHaltCheck(c.params);
    snap.restore(JSON.parse(JSON.stringify(c.snapshot())));
    expect(snap.sizeScale()).toBe(0);
  });

  it('drawdown halt with cooldownMs null is permanent', () => {
    const c = new DrawdownHaltCheck({ maxDrawdown: 0.2, cooldownMs: null, resumeSize: 0.5, resumeGain: 0.05 });
    c.observe(0, 10_000);
    c.observe(1, 7_000);
    c.observe(1e15, 20_000);
    expect(c.halted()).toBe(true);
  });

  it('drawdown halt: after a 20% fall from the peak, buys are refused, sells pass', () => {
    const c = new DrawdownHaltCheck(0.2);
    c.observe(1, 10_000);
    c.observe(2, 12_000);
    c.observe(3, 9_700); // 19.2%
    expect(c.check(order(0), view(3, '9700'))).toBeUndefined();
    c.observe(4, 9_500); // 20.8%
    expect(c.check(order(0), view(4, '11000'))?.reason).toBe('drawdown-halt');
    expect(c.check(order(0, 'sell'), view(4, '11000'))).toBeUndefined();
    const resumed = new DrawdownHaltCheck(0.2);
    resumed.restore(JSON.parse(JSON.stringify(c.snapshot())));
    expect(resumed.halted()).toBe(true);
  });

  it('correlation: refuses a buy of a pair moving with a held pair, allows an independent one', () => {
    const c = new CorrelationCheck(30, 0.7, 10);
    c.init(NAMES.length);
    const bar = new Bar();
    const px = [100, 100, 100, 100];
    for (let t = 1; t <= 40; t++) {
      const common = t % 3 === 0 ? 1.03 : t % 3 === 1 ? 0.98 : 0.995;
      const moves = [common, common * 1.001, t % 2 ? 1.02 : 0.98, 1];
      moves.forEach((m, p) => {
        px[p] *= m;
        Object.assign(bar, { pairIndex: p, closeTime: t * 3_600_000, close: px[p] });
        c.onCandle(bar);
      });
    }
    expect(c.correlation(0, 1)).toBeGreaterThan(0.99);
    const held = { 'BTC/USD': '500' };
    expect(c.check(order(1), view(0, '10000', held))?.reason).toBe('correlation');
    expect(c.check(order(2), view(0, '10000', held))).toBeUndefined();
    expect(c.check(order(1), view(0, '10000', {}))).toBeUndefined(); // nothing held
    expect(c.check(order(1, 'sell'), view(0, '10000', held))).toBeUndefined();
    const resumed = new CorrelationCheck(30, 0.7, 10);
    resumed.restore(JSON.parse(JSON.stringify(c.snapshot())));
    expect(resumed.correlation(0, 1)).toBe(c.correlation(0, 1));
  });
});
