import { formatFixed } from '../../../core/decimal/fixed.ts';
import type { SimPair } from '../catalog/catalog.ts';
import { KrakenError } from '../engine/types.ts';
import { loadMarketData } from '../market/data-loader.ts';
import type { MarketTrade } from '../market/market-trade.ts';
import { OHLC_INTERVALS, OhlcSeries, vwapOf, type LiveCandle } from '../market/ohlc.ts';
import type { KrakenSimulator } from '../simulator.ts';

/**
 * Public market-data history as Kraken serves it (REST OHLC and Trades), over the simulator's
 * whole replayed data set up to the simulator's clock: the recorded market is the exchange's
 * history, so a client can page back through it as it would on Kraken.
 *
 * Kraken's documented behaviour (docs.kraken.com, REST API, Market Data):
 * - "Get OHLC Data" (GET /public/OHLC): "Returns up to 720 of the most recent entries (older
 *   data cannot be retrieved, regardless of the value of `since`)"; "The last entry in the OHLC
 *   array is for the current, not-yet-committed timeframe, and will always be present,
 *   regardless of the value of `since`"; `last` is the "ID to be used as since when polling
 *   for new, committed OHLC data". Here: candles strictly after `since` among the latest 720,
 *   plus the current one; `last` = open time of the newest committed candle.
 * - "Get Recent Trades" (GET /public/Trades): "Returns the last 1000 trades by default";
 *   `count` 1..1000; `since` (Unix seconds, or the previous `last`) returns the trades after it;
 *   `last` is a nanosecond id string to pass as `since` for the next page. Here: ids are the
 *   trade time in nanoseconds, made unique by adding the rank among trades of the same
 *   microsecond, so paging on `last` neither skips nor repeats a trade; `trade_id` is the
 *   1-based rank in the pair's whole history.
 * Trades injected at run time (injectTrade) are part of it while they are in the simulator's
 * recent window (24 h / 1000 trades); older history comes from the replayed data files.
 */

const OHLC_CAP = 720;
const TRADES_PAGE = 1000;

interface HistoryTrade {
  readonly trade: MarketTrade;
  readonly id: bigint; // nanosecond id, strictly increasing per pair
  readonly tradeId: number;
}

const replayed = new WeakMap<KrakenSimulator, Map<string, HistoryTrade[]>>();

const nanos = (t: MarketTrade) => BigInt(Math.round(t.time * 1000)) * 1000n;

/** The simulator's replayed data per pair, in time order, with ids; built once from its options. */
function replayData(sim: KrakenSimulator, symbol: string): HistoryTrade[] {
  let bySymbol = replayed.get(sim);
  if (!bySymbol) {
    const all: MarketTrade[] = [...(sim.options.trades ?? [])];
    for (const f of sim.options.files ?? []) for (const t of loadMarketData(f.path, sim.catalog, f)) all.push(t);
    all.sort((a, b) => a.time - b.time);
    bySymbol = new Map();
    for (const t of all) {
      let list = bySymbol.get(t.symbol);
      if (!list) bySymbol.set(t.symbol, (list = []));
      const prev = list[list.length - 1];
      let id = nanos(t);
      if (prev && id <= prev.id) id = prev.id + 1n;
      list.push({ trade: t, id, tradeId: list.length + 1 });
    }
    replayed.set(sim, bySymbol);
  }
  return bySymbol.get(symbol) ?? [];
}

/**
 * The pair's history up to now: the replayed data older than the simulator's recent window of
 * published trades, then that window (which includes trades injected by tests).
 */
class History {
  private readonly cut: number;
  private readonly recent: HistoryTrade[] = [];

  constructor(
    private readonly base: readonly HistoryTrade[],
    window: readonly MarketTrade[],
  ) {
    const boundary = window.length ? window[0].time : Infinity;
    let lo = 0;
    let hi = base.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (base[mid].trade.time < boundary) lo = mid + 1;
      else hi = mid;
    }
    this.cut = lo;
    let prev = lo > 0 ? base[lo - 1].id : -1n;
    for (const t of window) {
      let id = nanos(t);
      if (id <= prev) id = prev + 1n;
      prev = id;
      this.recent.push({ trade: t, id, tradeId: lo + this.recent.length + 1 });
    }
  }

  get length(): number {
    return this.cut + this.recent.length;
  }

  at(i: number): HistoryTrade {
    return i < this.cut ? this.base[i] : this.recent[i - this.cut];
  }

  /** First index in [0, end) for which `before` is false (`before` is true then false along the history). */
  search(end: number, before: (h: HistoryTrade) => boolean): number {
    let lo = 0;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(this.at(mid))) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function history(sim: KrakenSimulator, symbol: string): History {
  return new History(replayData(sim, symbol), sim.markets.get(symbol)?.trades ?? []);
}

/** `since` of Trades, as a nanosecond id: the previous `last` (16+ digits) or Unix seconds (may be fractional); trades strictly after it are returned. */
function sinceId(v: unknown): bigint | undefined {
  if (v === undefined || v === '') return undefined;
  const s = String(v).trim();
  if (!/^\d+(\.\d+)?$/.test(s)) throw new KrakenError('EGeneral:Invalid arguments:since');
  if (!s.includes('.') && s.length >= 16) return BigInt(s);
  const [whole, frac = ''] = s.split('.');
  return BigInt(whole) * 1_000_000_000n + BigInt((frac + '000000000').slice(0, 9));
}

export function tradesPage(sim: KrakenSimulator, p: SimPair, q: Record<string, unknown>, count: number): Record<string, unknown> {
  if (count < 1 || count > TRADES_PAGE) throw new KrakenError('EGeneral:Invalid arguments:count');
  const h = history(sim, p.symbol);
  const now = sim.now();
  const end = h.search(h.length, (x) => x.trade.time <= now);
  const since = sinceId(q.since);
  // With `since`: the first `count` trades after it; without: the most recent `count`.
  const from = since === undefined ? Math.max(0, end - count) : h.search(end, (x) => x.id <= since);
  const page: HistoryTrade[] = [];
  for (let i = from; i < Math.min(end, from + count); i++) page.push(h.at(i));
  const last = page.length ? page[page.length - 1].id : (since ?? (end > 0 ? h.at(end - 1).id : 0n));
  return {
    [p.pairId]: page.map(({ trade: t, tradeId }) => [
      formatFixed(t.price, p.priceDecimals),
      formatFixed(t.qty, p.lotDecimals),
      t.time / 1000,
      t.side === 'buy' ? 'b' : 's',
      t.ordType === 'market' ? 'm' : 'l',
      '',
      tradeId,
    ]),
    last: last.toString(),
  };
}

export function ohlcPage(sim: KrakenSimulator, p: SimPair, q: Record<string, unknown>): Record<string, unknown> {
  const interval = q.interval === undefined || q.interval === '' ? 1 : Number(q.interval);
  if (!(OHLC_INTERVALS as readonly number[]).includes(interval)) throw new KrakenError('EGeneral:Invalid arguments:interval');
  let since = -Infinity;
  if (q.since !== undefined && q.since !== '') {
    since = Number(q.since);
    if (!Number.isFinite(since)) throw new KrakenError('EGeneral:Invalid arguments:since');
    since *= 1000;
  }
  const h = history(sim, p.symbol);
  const now = sim.now();
  const end = h.search(h.length, (x) => x.trade.time <= now);
  // Only the latest 720 candles exist; build them from the trades that can reach them.
  const series = new OhlcSeries(interval, OHLC_CAP);
  const earliest = end > 0 ? Math.floor(h.at(end - 1).trade.time / series.intervalMs) * series.intervalMs - (OHLC_CAP - 1) * series.intervalMs : 0;
  for (let i = h.search(end, (x) => x.trade.time < earliest); i < end; i++) series.add(h.at(i).trade.time, h.at(i).trade.price, h.at(i).trade.qty);
  const all = series.candles;
  const current: LiveCandle | undefined = all[all.length - 1];
  const rows = all.filter((c) => c.start > since && c !== current);
  if (current) rows.push(current);
  const committed = all.length >= 2 ? all[all.length - 2].start : current ? current.start : 0;
  const px = (v: bigint) => formatFixed(v, p.priceDecimals);
  return {
    [p.pairId]: rows.map((c) => [c.start / 1000, px(c.open), px(c.high), px(c.low), px(c.close), px(vwapOf(c)), formatFixed(c.volume, p.lotDecimals), c.count]),
    last: committed / 1000,
  };
}
