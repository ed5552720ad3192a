import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFixed, fromInt, parseFixed } from '../../../../src/core/decimal/fixed.ts';
import { candleToTrades } from '../../../../src/live/sim/market/candle-to-trades.ts';

const c = (o: string, h: string, l: string, cl: string, v: string) => ({ openTime: 0, open: parseFixed(o), high: parseFixed(h), low: parseFixed(l), close: parseFixed(cl), volume: parseFixed(v) });

describe('candleToTrades', () => {
  it.each([
    ['bullish candle goes O -> L -> H -> C', c('100', '110', '90', '105', '4'), ['100', '90', '110', '105'], ['buy', 'sell', 'buy', 'sell']],
    ['bearish candle goes O -> H -> L -> C', c('100', '110', '90', '95', '4'), ['100', '110', '90', '95'], ['sell', 'buy', 'sell', 'buy']],
  ])('%s', (_name, candle, prices, sides) => {
    const trades = candleToTrades('BTC/USD', candle, 3_600_000, 8);
    expect(trades.map((t) => formatFixed(t.price))).toEqual(prices);
    expect(trades.map((t) => t.side)).toEqual(sides);
    expect(trades.map((t) => t.time)).toEqual([0, 900_000, 1_800_000, 2_700_000]);
  });

  it('a zero-volume candle yields no trades', () => {
    expect(candleToTrades('BTC/USD', c('1', '1', '1', '1', '0'), 60_000, 8)).toEqual([]);
  });

  it('volumes sum exactly to the candle volume and stay within lot decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), (units) => {
        const volume = units * 10n ** 10n; // 8 decimals
        const trades = candleToTrades('BTC/USD', { ...c('1', '2', '1', '2', '0'), volume }, 60_000, 8);
        const sum = trades.reduce((s, t) => s + t.qty, 0n);
        return sum === volume && trades.every((t) => t.qty > 0n && t.qty % 10n ** 10n === 0n);
      }),
    );
    expect(fromInt(1)).toBe(10n ** 18n);
  });
});
