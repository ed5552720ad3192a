import type { Fixed } from '../../../core/decimal/fixed.ts';

/** One public trade of the replayed market. `side` is the taker side, as Kraken reports it. */
export interface MarketTrade {
  readonly symbol: string; // WS v2 symbol, e.g. BTC/USD
  readonly time: number; // epoch ms (may be fractional)
  readonly price: Fixed;
  readonly qty: Fixed;
  readonly side: 'buy' | 'sell';
  readonly ordType: 'market' | 'limit';
}

/** A candle as read from a data file, exact decimals. */
export interface SourceCandle {
  readonly openTime: number; // epoch ms
  readonly open: Fixed;
  readonly high: Fixed;
  readonly low: Fixed;
  readonly close: Fixed;
  readonly volume: Fixed;
}
