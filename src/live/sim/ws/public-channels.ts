import { div, formatFixed, ZERO, type Fixed } from '../../../core/decimal/fixed.ts';
import { bookChecksum, type LevelText } from '../book/book-checksum.ts';
import type { SimCatalog, SimPair } from '../catalog/catalog.ts';
import type { MarketState, PublishedTrade } from '../market/market-state.ts';
import { vwapOf, type LiveCandle } from '../market/ohlc.ts';
import { num } from '../util/format.ts';
import { raw } from '../util/raw-json.ts';
import { rfc3339Micro, rfc3339Nano } from '../util/time-format.ts';

/** Message builders for the public WS v2 channels (README 10.4), numbers at the pair's precision. */

export function tickerData(m: MarketState, nowMs: number): Record<string, unknown> | undefined {
  const t = m.ticker(nowMs);
  if (!t) return undefined;
  const p = m.pair;
  const px = (v: Fixed) => num(v, p.priceDecimals);
  const bid = m.book.bids[0];
  const ask = m.book.asks[0];
  const change = t.last - t.open24h;
  const pct = t.open24h > 0n ? div(change * 100n, t.open24h, 'half-even') : ZERO;
  return {
    symbol: p.symbol,
    bid: px(bid?.price ?? t.last),
    bid_qty: num(bid?.qty ?? ZERO, p.lotDecimals),
    ask: px(ask?.price ?? t.last),
    ask_qty: num(ask?.qty ?? ZERO, p.lotDecimals),
    last: px(t.last),
    volume: num(t.volume24h, p.lotDecimals),
    vwap: px(t.vwap24h),
    low: px(t.low24h),
    high: px(t.high24h),
    change: px(change),
    change_pct: num(pct, 2),
    timestamp: rfc3339Micro(m.last?.time ?? nowMs),
  };
}

export function tradeData(pair: SimPair, t: PublishedTrade): Record<string, unknown> {
  return {
    symbol: pair.symbol,
    side: t.side,
    price: num(t.price, pair.priceDecimals),
    qty: num(t.qty, pair.lotDecimals),
    ord_type: t.ordType,
    trade_id: t.tradeId,
    timestamp: rfc3339Micro(t.time),
  };
}

export function ohlcData(pair: SimPair, c: LiveCandle, intervalMinutes: number): Record<string, unknown> {
  return {
    symbol: pair.symbol,
    open: num(c.open, pair.priceDecimals),
    high: num(c.high, pair.priceDecimals),
    low: num(c.low, pair.priceDecimals),
    close: num(c.close, pair.priceDecimals),
    trades: c.count,
    volume: num(c.volume, pair.lotDecimals),
    vwap: num(vwapOf(c), pair.priceDecimals),
    interval_begin: rfc3339Nano(c.start),
    interval: intervalMinutes,
    timestamp: rfc3339Micro(c.start + intervalMinutes * 60_000),
  };
}

function incrementText(decimals: number): string {
  return decimals === 0 ? '1' : `1e-${String(decimals).padStart(2, '0')}`;
}

export function instrumentData(catalog: SimCatalog): Record<string, unknown> {
  return {
    assets: catalog.assets.map((a) => ({
      id: a.iso,
      status: 'enabled',
      precision: a.decimals,
      precision_display: a.displayDecimals,
      borrowable: false,
      collateral_value: raw('1.0'),
      margin_rate: raw('0.0'),
    })),
    pairs: catalog.pairs.map((p) => ({
      symbol: p.symbol,
      base: p.base.iso,
      quote: p.quote.iso,
      status: 'online',
      qty_precision: p.lotDecimals,
      qty_increment: raw(incrementText(p.lotDecimals)),
      price_precision: p.priceDecimals,
      cost_precision: p.costDecimals,
      marginable: false,
      has_index: true,
      cost_min: raw(formatFixed(p.costmin)),
      tick_size: raw(formatFixed(p.tickSize)),
      price_increment: raw(formatFixed(p.tickSize)),
      qty_min: raw(formatFixed(p.ordermin)),
    })),
  };
}

/**
 * One book subscription's view: the top-`depth` levels last sent, as text. Updates are computed as the
 * difference to the new top-`depth`: vanished levels go out with qty 0, new or changed levels with
 * their qty; levels merely pushed below the depth are not deleted (the client truncates), exactly the
 * behaviour README 10.4 describes.
 */
export class BookView {
  private bids = new Map<string, string>();
  private asks = new Map<string, string>();

  constructor(
    readonly market: MarketState,
    readonly depth: number,
  ) {}

  private top(): { bids: LevelText[]; asks: LevelText[] } {
    const b = this.market.book;
    return { bids: b.bids.slice(0, this.depth).map((l) => b.text(l)), asks: b.asks.slice(0, this.depth).map((l) => b.text(l)) };
  }

  snapshot(nowMs: number): Record<string, unknown> {
    const { bids, asks } = this.top();
    this.bids = new Map(bids.map((l) => [l.price, l.qty]));
    this.asks = new Map(asks.map((l) => [l.price, l.qty]));
    return {
      symbol: this.market.pair.symbol,
      bids: bids.map(levelJson),
      asks: asks.map(levelJson),
      checksum: bookChecksum(asks, bids),
      timestamp: rfc3339Micro(nowMs),
    };
  }

  /** The update since the last snapshot/update, or undefined when nothing visible changed. */
  update(nowMs: number): Record<string, unknown> | undefined {
    const { bids, asks } = this.top();
    const diff = (prev: Map<string, string>, next: LevelText[]): LevelText[] => {
      const nextMap = new Map(next.map((l) => [l.price, l.qty]));
      const out: LevelText[] = [];
      for (const [price, qty] of prev) if (!nextMap.has(price)) out.push({ price, qty: zeroLike(qty) });
      for (const l of next) if (prev.get(l.price) !== l.qty) out.push(l);
      return out;
    };
    const db = diff(this.bids, bids);
    const da = diff(this.asks, asks);
    this.bids = new Map(bids.map((l) => [l.price, l.qty]));
    this.asks = new Map(asks.map((l) => [l.price, l.qty]));
    if (!db.length && !da.length) return undefined;
    const checksum = bookChecksum(asks, bids);
    return {
      symbol: this.market.pair.symbol,
      bids: db.map(levelJson),
      asks: da.map(levelJson),
      checksum,
      timestamp: rfc3339Micro(nowMs),
    };
  }
}

function zeroLike(qtyText: string): string {
  const dot = qtyText.indexOf('.');
  return dot < 0 ? '0' : `0.${'0'.repeat(qtyText.length - dot - 1)}`;
}

function levelJson(l: LevelText): Record<string, unknown> {
  return { price: raw(l.price), qty: raw(l.qty) };
}

