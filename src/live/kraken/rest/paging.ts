/**
 * Paging helpers over the one-page client methods.
 * - OHLC: walk `since` forward to a target time (Kraken returns at most the latest 720 rows, so
 *   older history is simply not available; `startsAfterRequested` says when that happened).
 * - Trades: follow the `last` id until a target time or until no new trades arrive.
 * - ClosedOrders / TradesHistory / Ledgers: `ofs` paging (50 per page, newest first). New
 *   entries arriving while paging shift the offsets, so entries are de-duplicated by id and
 *   paging stops when a page brings nothing new.
 */
import type { ClosedOrdersParams, KrakenRestClient, LedgersParams, OhlcParams, TradesHistoryParams } from './client.ts';
import type { KrakenCandle, KrakenLedgerEntry, KrakenOrder, KrakenPublicTrade, KrakenTrade } from './schemas.ts';

export interface OhlcRangeParams {
  readonly pair: string;
  readonly interval: NonNullable<OhlcParams['interval']>;
  /** Unix seconds: first candle start wanted (inclusive). */
  readonly since: number;
  /** Unix seconds: stop once committed candles reach this start time (inclusive). */
  readonly until: number;
  /** Safety cap on requests (default 50). */
  readonly maxPages?: number;
}

export interface OhlcRange {
  readonly pair: string;
  /** Committed candles with since <= time <= until, ascending, no duplicates. */
  readonly candles: KrakenCandle[];
  /** The current, not yet closed candle of the latest page, if any. */
  readonly openCandle: KrakenCandle | undefined;
  /** Kraken's `last` from the final page. */
  readonly last: number;
  /** True when the target `until` was reached; false when the data ran out first (present time). */
  readonly reachedUntil: boolean;
  /** True when the first available candle starts after `since` (720-row cap or no trading). */
  readonly startsAfterRequested: boolean;
}

export async function fetchOhlcRange(client: KrakenRestClient, p: OhlcRangeParams): Promise<OhlcRange> {
  const maxPages = p.maxPages ?? 50;
  const candles: KrakenCandle[] = [];
  let newest = -Infinity;
  // `since` boundary semantics are undocumented (strictly-after vs inclusive): ask from one
  // second earlier and filter locally.
  let cursor = p.since - 1;
  let pair = p.pair;
  let last = cursor;
  let openCandle: KrakenCandle | undefined;
  let reachedUntil = false;
  for (let page = 0; page < maxPages; page++) {
    const res = await client.ohlc({ pair: p.pair, interval: p.interval, since: cursor });
    pair = res.pair;
    last = res.last;
    openCandle = undefined;
    for (const c of res.candles) {
      if (c.time > res.last) {
        openCandle = c;
        continue;
      }
      if (c.time > newest && c.time >= p.since && c.time <= p.until) {
        candles.push(c);
        newest = c.time;
      }
    }
    if (res.last >= p.until) {
      reachedUntil = true;
      break;
    }
    if (res.last <= cursor) break; // no progress: we are at the present
    cursor = res.last;
  }
  const startsAfterRequested = candles.length === 0 || candles[0].time > p.since;
  return { pair, candles, openCandle, last, reachedUntil, startsAfterRequested };
}

export interface TradesIterParams {
  readonly pair: string;
  /** Unix seconds or a `last` id to start after. */
  readonly since: string | number;
  /** Optional Unix seconds: stop after trades at or past this time (later trades are dropped). */
  readonly until?: number;
  readonly maxPages?: number;
}

/** Yields pages of public trades, following `last`, de-duplicated by trade id. */
export async function* iterateTrades(client: KrakenRestClient, p: TradesIterParams): AsyncGenerator<KrakenPublicTrade[]> {
  let since = String(p.since);
  let maxId = -1n;
  const maxPages = p.maxPages ?? Infinity;
  for (let page = 0; page < maxPages; page++) {
    const res = await client.trades({ pair: p.pair, since });
    const fresh = res.trades.filter((t) => t.tradeId > maxId && (p.until === undefined || t.time <= p.until));
    for (const t of fresh) if (t.tradeId > maxId) maxId = t.tradeId;
    if (fresh.length > 0) yield fresh;
    const pastUntil = p.until !== undefined && res.trades.some((t) => t.time > p.until!);
    if (res.trades.length === 0 || fresh.length === 0 || res.last === since || pastUntil) return;
    since = res.last;
  }
}

interface OffsetPage<T> {
  readonly items: Record<string, T>;
  readonly count?: number;
}

/** Generic `ofs` pager: yields [id, item] once per id. */
export async function* pageByOffset<T>(fetchPage: (ofs: number) => Promise<OffsetPage<T>>, maxPages = Infinity): AsyncGenerator<[string, T]> {
  const seen = new Set<string>();
  let ofs = 0;
  for (let page = 0; page < maxPages; page++) {
    const res = await fetchPage(ofs);
    const entries = Object.entries(res.items);
    if (entries.length === 0) return;
    let fresh = 0;
    for (const [id, item] of entries) {
      if (seen.has(id)) continue;
      seen.add(id);
      fresh++;
      yield [id, item];
    }
    ofs += entries.length;
    if (fresh === 0) return;
    if (res.count !== undefined && ofs >= res.count) return;
  }
}

export function iterateClosedOrders(client: KrakenRestClient, p: Omit<ClosedOrdersParams, 'ofs'> = {}): AsyncGenerator<[string, KrakenOrder]> {
  return pageByOffset(async (ofs) => {
    const r = await client.closedOrders({ ...p, ofs });
    return { items: r.closed, count: r.count };
  });
}

export function iterateTradesHistory(client: KrakenRestClient, p: Omit<TradesHistoryParams, 'ofs'> = {}): AsyncGenerator<[string, KrakenTrade]> {
  return pageByOffset(async (ofs) => {
    const r = await client.tradesHistory({ ...p, ofs });
    return { items: r.trades, count: r.count };
  });
}

export function iterateLedgers(client: KrakenRestClient, p: Omit<LedgersParams, 'ofs'> = {}): AsyncGenerator<[string, KrakenLedgerEntry]> {
  return pageByOffset(async (ofs) => {
    const r = await client.ledgers({ ...p, ofs });
    return { items: r.ledger, count: r.count };
  });
}

/** Drains an async iterator into an array. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
