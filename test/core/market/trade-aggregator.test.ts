import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateTrades, TradeAggregator, TradeOutOfOrderError } from '../../../src/core/market/trade-aggregator.ts';
import { resampleCandles } from '../../../src/core/market/resample.ts';

const M = 60_000;
const H = 60 * M;

describe('TradeAggregator', () => {
  it('builds OHLCVT for one interval and emits it on the first trade of a later interval', () => {
    const agg = new TradeAggregator(1);
    expect(agg.push(0, 10, 1)).toBeNull();
    expect(agg.push(10_000, 12, 2)).toBeNull();
    expect(agg.push(20_000, 9, 0.5)).toBeNull();
    expect(agg.push(59_999, 11, 1)).toBeNull();
    expect(agg.push(60_000, 20, 3)).toEqual({ openTime: 0, open: 10, high: 12, low: 9, close: 11, volume: 4.5, trades: 4 });
    expect(agg.forming()).toEqual({ openTime: 60_000, open: 20, high: 20, low: 20, close: 20, volume: 3, trades: 1 });
  });

  it('produces no candle for an interval without trades (Kraken gap semantics)', () => {
    const candles = aggregateTrades([{ time: 5_000, price: 1, volume: 1 }, { time: 3 * M + 1, price: 2, volume: 1 }], 1);
    expect(candles.map((c) => c.openTime)).toEqual([0, 3 * M]);
  });

  it('advanceTo emits once the interval is over, not before', () => {
    const agg = new TradeAggregator(60);
    agg.push(H + 5, 100, 1);
    expect(agg.advanceTo(2 * H - 1)).toBeNull();
    expect(agg.advanceTo(2 * H)).toMatchObject({ openTime: H, close: 100, trades: 1 });
    expect(agg.advanceTo(3 * H)).toBeNull();
    expect(agg.forming()).toBeNull();
  });

  it('rejects a trade earlier than the previous one with a typed error', () => {
    const agg = new TradeAggregator(1);
    agg.push(10_000, 1, 1);
    expect(() => agg.push(9_999, 1, 1)).toThrow(TradeOutOfOrderError);
  });

  it('rejects a late trade whose interval was already closed by the clock', () => {
    const agg = new TradeAggregator(1);
    agg.push(1_000, 1, 1);
    agg.advanceTo(2 * M);
    expect(() => agg.push(M + 1, 1, 1)).toThrow(/already closed/);
  });

  it('accepts equal timestamps and rejects bad numbers', () => {
    const agg = new TradeAggregator(1);
    agg.push(1_000, 1, 1);
    expect(agg.push(1_000, 2, 1)).toBeNull();
    expect(() => agg.push(2_000, Number.NaN, 1)).toThrow(/price/);
    expect(() => agg.push(2_000, 1, -1)).toThrow(/volume/);
    expect(() => new TradeAggregator(0)).toThrow(/interval/);
  });
});

/** Ascending trades over a few days; integer volumes so float sums are exact in any order. */
const tradesArb = fc
  .array(fc.record({ dt: fc.integer({ min: 0, max: 40 * M }), price: fc.integer({ min: 1, max: 1000 }), volume: fc.integer({ min: 0, max: 50 }) }), { maxLength: 300 })
  .map((steps) => {
    let t = 1_600_000_000_000;
    return steps.map((s) => ({ time: (t += s.dt), price: s.price, volume: s.volume }));
  });

describe('aggregation properties', () => {
  it('trades -> 1h equals trades -> 1m -> resample 1h', () => {
    fc.assert(fc.property(tradesArb, (trades) => {
      expect(resampleCandles(aggregateTrades(trades, 1), 1, 60)).toEqual(aggregateTrades(trades, 60));
    }));
  });

  it('conserves volume and trade count', () => {
    fc.assert(fc.property(tradesArb, (trades) => {
      const candles = aggregateTrades(trades, 5);
      expect(candles.reduce((s, c) => s + c.volume, 0)).toBe(trades.reduce((s, t) => s + t.volume, 0));
      expect(candles.reduce((s, c) => s + c.trades, 0)).toBe(trades.length);
    }));
  });

  it('every candle is aligned and has low <= open, close <= high', () => {
    fc.assert(fc.property(tradesArb, (trades) => {
      for (const c of aggregateTrades(trades, 15)) {
        expect(c.openTime % (15 * M)).toBe(0);
        expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
        expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
      }
    }));
  });
});
