import { div, type Fixed } from '../../../core/decimal/fixed.ts';
import type { SimPair } from '../catalog/catalog.ts';
import { SyntheticBook, type SyntheticBookOptions } from '../book/synthetic-book.ts';
import { OHLC_INTERVALS, OhlcSeries, type LiveCandle } from './ohlc.ts';
import type { MarketTrade } from './market-trade.ts';

/** A public trade as published (with its per-pair integer trade id). */
export interface PublishedTrade extends MarketTrade {
  readonly tradeId: number;
}

export interface TickerStats {
  readonly last: Fixed;
  readonly lastQty: Fixed;
  readonly open: Fixed; // first price of today (UTC)
  readonly volumeToday: Fixed;
  readonly volume24h: Fixed;
  readonly vwapToday: Fixed;
  readonly vwap24h: Fixed;
  readonly tradesToday: number;
  readonly trades24h: number;
  readonly lowToday: Fixed;
  readonly low24h: Fixed;
  readonly highToday: Fixed;
  readonly high24h: Fixed;
  readonly open24h: Fixed; // price 24h ago (first trade in the window), for `change`
}

const DAY_MS = 86_400_000;

/** The replayed market of one pair: recent trades, candles of every interval, ticker stats, book. */
export class MarketState {
  readonly trades: PublishedTrade[] = [];
  readonly series = new Map<number, OhlcSeries>(OHLC_INTERVALS.map((i) => [i, new OhlcSeries(i)]));
  readonly book: SyntheticBook;
  private nextTradeId = 1;

  constructor(
    readonly pair: SimPair,
    bookOptions?: SyntheticBookOptions,
  ) {
    this.book = new SyntheticBook(pair, bookOptions);
  }

  get last(): PublishedTrade | undefined {
    return this.trades[this.trades.length - 1];
  }

  /** Records a trade, updates candles and the book; returns the published trade and the touched candles. */
  apply(t: MarketTrade): { trade: PublishedTrade; candles: Map<number, LiveCandle>; bookChanged: boolean } {
    const trade: PublishedTrade = { ...t, tradeId: this.nextTradeId++ };
    this.trades.push(trade);
    // Keep 24h for the ticker and at least 1000 for REST Trades.
    const cutoff = t.time - DAY_MS;
    let drop = 0;
    while (drop < this.trades.length - 1000 && this.trades[drop].time < cutoff) drop++;
    if (drop > 0) this.trades.splice(0, drop);
    const candles = new Map<number, LiveCandle>();
    for (const [i, s] of this.series) candles.set(i, s.add(t.time, t.price, t.qty));
    const bookChanged = this.book.rebuild(t.price, t.time);
    return { trade, candles, bookChanged };
  }

  ticker(nowMs: number): TickerStats | undefined {
    const last = this.last;
    if (!last) return undefined;
    const dayStart = Math.floor(nowMs / DAY_MS) * DAY_MS;
    const acc = (from: number) => {
      let vol = 0n;
      let pv = 0n;
      let n = 0;
      let lo: Fixed | undefined;
      let hi: Fixed | undefined;
      let first: Fixed | undefined;
      for (const t of this.trades) {
        if (t.time < from) continue;
        first ??= t.price;
        vol += t.qty;
        pv += t.price * t.qty;
        n++;
        if (lo === undefined || t.price < lo) lo = t.price;
        if (hi === undefined || t.price > hi) hi = t.price;
      }
      const vwap = vol > 0n ? div(pv / 10n ** 18n, vol, 'half-even') : last.price;
      return { vol, vwap, n, lo: lo ?? last.price, hi: hi ?? last.price, first: first ?? last.price };
    };
    const today = acc(dayStart);
    const day = acc(nowMs - DAY_MS);
    return {
      last: last.price,
      lastQty: last.qty,
      open: today.first,
      volumeToday: today.vol,
      volume24h: day.vol,
      vwapToday: today.vwap,
      vwap24h: day.vwap,
      tradesToday: today.n,
      trades24h: day.n,
      lowToday: today.lo,
      low24h: day.lo,
      highToday: today.hi,
      high24h: day.hi,
      open24h: day.first,
    };
  }
}
