import { roundTo, type Fixed } from '../../../core/decimal/fixed.ts';
import type { MarketTrade, SourceCandle } from './market-trade.ts';

/**
 * Turns one candle into a small deterministic trade sequence so a candle file can be replayed as a
 * live market:
 *
 *  - path: O -> L -> H -> C when the candle closed at or above its open (the low is assumed to come
 *    first), O -> H -> L -> C otherwise (the usual conservative intrabar convention);
 *  - times: openTime + 0, +1/4, +2/4, +3/4 of the interval, so every trade stays inside its candle;
 *  - volume: split in four equal parts rounded down to the pair's lot decimals, the remainder on the
 *    closing trade, so the trades sum exactly to the candle volume; zero-quantity parts are dropped
 *    and a zero-volume candle yields no trades;
 *  - taker side: `buy` when the price rose from the previous point of the path (or, for the opening
 *    trade, when the candle is bullish), `sell` otherwise; order type `market`.
 */
export function candleToTrades(symbol: string, c: SourceCandle, intervalMs: number, lotDecimals: number): MarketTrade[] {
  if (c.volume <= 0n) return [];
  const bullish = c.close >= c.open;
  const path: Fixed[] = bullish ? [c.open, c.low, c.high, c.close] : [c.open, c.high, c.low, c.close];
  const part = roundTo(c.volume / 4n, lotDecimals, 'floor');
  const qtys = [part, part, part, c.volume - 3n * part];
  const out: MarketTrade[] = [];
  for (let i = 0; i < 4; i++) {
    if (qtys[i] <= 0n) continue;
    const prev = i === 0 ? undefined : path[i - 1];
    const up = prev === undefined ? bullish : path[i] >= prev;
    out.push({
      symbol,
      time: c.openTime + (intervalMs * i) / 4,
      price: path[i],
      qty: qtys[i],
      side: up ? 'buy' : 'sell',
      ordType: 'market',
    });
  }
  return out;
}
