import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromFloat, mulExact, parseFixed, ZERO } from '../../../src/core/decimal/fixed.ts';
import { AttributionTracker, NO_REGIME } from '../../../src/core/metrics/attribution.ts';
import { StrategyBooks, UNATTRIBUTED } from '../../../src/core/risk/strategy-books.ts';

const F = parseFixed;
const PAIRS = ['BTC/USD', 'ETH/USD'];
const fill = (time: number, strategyId: string | undefined, pair: string, side: 'buy' | 'sell', qty: string, price: string, fee: string) => ({ time, strategyId, pair, side, qty: F(qty), price: F(price), fee: F(fee), feeAsset: 'USD' });

describe('StrategyBooks', () => {
  it('property: the books add up to the account exactly (quantities per pair, quote flow, fees)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ s: fc.constantFrom('a', 'b', undefined), p: fc.nat({ max: 1 }), buy: fc.boolean(), q: fc.integer({ min: 1, max: 10 ** 8 }), px: fc.integer({ min: 1, max: 10 ** 7 }), fee: fc.integer({ min: 0, max: 10 ** 4 }) }), { maxLength: 60 }),
        (fills) => {
          const books = new StrategyBooks(PAIRS);
          const qty = [ZERO, ZERO];
          let cash = ZERO;
          let fees = ZERO;
          for (const f of fills) {
            const q = fromFloat(f.q / 1e6, 8);
            const px = fromFloat(f.px / 100, 2);
            const fee = fromFloat(f.fee / 100, 2);
            books.applyFill({ strategyId: f.s, pair: PAIRS[f.p], side: f.buy ? 'buy' : 'sell', qty: q, price: px, fee, feeAsset: 'USD' });
            qty[f.p] += f.buy ? q : -q;
            cash += (f.buy ? -1n : 1n) * mulExact(q, px) - fee;
            fees += fee;
          }
          const ids = books.ids();
          for (const p of [0, 1]) expect(ids.reduce((s, id) => s + books.qty(id, p), ZERO)).toBe(qty[p]);
          expect(ids.reduce((s, id) => s + books.cash(id), ZERO)).toBe(cash);
          expect(ids.reduce((s, id) => s + books.fees(id), ZERO)).toBe(fees);
          if (fills.some((f) => f.s === undefined)) expect(ids).toContain(UNATTRIBUTED);
          const copy = new StrategyBooks(PAIRS);
          copy.restore(JSON.parse(JSON.stringify(books.snapshot())));
          expect(copy.snapshot()).toEqual(books.snapshot());
        },
      ),
    );
  });
});

describe('AttributionTracker', () => {
  it('splits PnL, fees, exposure, turnover and drawdown by strategy and by regime', () => {
    const t = new AttributionTracker(PAIRS, ['idle']);
    const px = [100, 10];
    const mark = (p: number) => px[p];
    // equity = 1000 cash start; a buys 2 BTC at 100 (fee 1), b buys 10 ETH at 10 (fee 0.5)
    // As in a run: the strategy records the regime while handling a close, the sample of that close follows.
    t.setRegime(0, 'risk-on');
    t.sample(0, 1000, mark);
    t.onFill(fill(1, 'a', 'BTC/USD', 'buy', '2', '100', '1'));
    t.onFill(fill(1, 'b', 'ETH/USD', 'buy', '10', '10', '0.5'));
    t.sample(10, 998.5, mark); // fees only
    px[0] = 110; // a +20
    t.setRegime(20, 'risk-off');
    t.sample(20, 1018.5, mark);
    px[0] = 90; // a -40 over the risk-off interval
    px[1] = 11; // b +10
    t.sample(30, 988.5, mark);
    t.onFill(fill(31, 'a', 'BTC/USD', 'sell', '2', '90', '0.9'));
    t.sample(40, 987.6, mark);
    const r = t.result();
    const by = Object.fromEntries(r.strategies.map((s) => [s.strategy, s]));
    expect(by.a.pnl).toBeCloseTo(-21.9, 9); // -200 - 1 + 180 - 0.9
    expect(by.b.pnl).toBeCloseTo(9.5, 9); // 110 - 100 - 0.5
    expect(by.idle.pnl).toBe(0);
    expect(by.idle.fills).toBe(0);
    expect(by.a.fees).toBe('1.9');
    expect(by.a.fills).toBe(2);
    expect(by.a.maxDrawdown).toBeCloseTo(40.9, 9); // from +19 (at 110) to -21.9 after the sell fee
    expect(by.a.turnover).toBeGreaterThan(0.37); // 380 traded over ~1,000 equity
    expect(by.a.exposure).toBeGreaterThan(0.1);
    expect(r.strategies.reduce((s, x) => s + x.pnl, 0)).toBeCloseTo(987.6 - 1000, 9);
    const reg = Object.fromEntries(r.regimes.map((x) => [x.regime, x]));
    expect(reg['risk-on'].pnl).toBeCloseTo(18.5, 9);
    expect(reg['risk-off'].pnl).toBeCloseTo(-30.9, 9);
    expect(reg['risk-on'].fees).toBe('1.5');
    expect(reg['risk-off'].fees).toBe('0.9');
    expect(reg['risk-on'].timeShare).toBeCloseTo(0.5, 12);
    expect(reg['risk-off'].pnlByStrategy.a).toBeCloseTo(-40.9, 9);
    expect(reg['risk-off'].pnlByStrategy.b).toBeCloseTo(10, 9);
    expect(reg['risk-off'].maxDrawdown).toBeCloseTo(30.9, 9);
    expect(r.regimes.map((x) => x.regime)).not.toContain(NO_REGIME); // the regime was set before any interval
  });
});
