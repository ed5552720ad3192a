import { defaultSymbols, type SymbolTable } from '../../core/instruments/symbols.ts';
import { parseTimeframe } from '../../core/market/timeframe.ts';
import { loadCursors, saveCursor, writeCandles, writeTrades, type MarketStore, type TradeRowInput } from '../../backtest/store/index.ts';
import { fetchOhlcRange, KrakenRestClient, type OhlcParams } from '../../live/kraken/rest/index.ts';

/**
 * Candles from Kraken's public REST API into the store.
 *
 * Kraken's OHLC endpoint serves only the latest 720 candles of an interval, whatever `since`
 * says. So a range that starts within that window is fetched as OHLC; an older start is built
 * from public Trades, paged forward with `since` / `last` (1000 trades a page), stored in the
 * trades table and turned into candles by the store's candlesFromTrades, the same aggregator
 * and partial-candle rule as the live runner. A download records where it got to
 * (download_cursors), so `update` resumes from the last candle or trade id.
 */

export const OHLC_WINDOW = 720;
const KRAKEN_INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600] as const;
type KrakenInterval = NonNullable<OhlcParams['interval']>;

export class DownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface DownloadProgress {
  readonly pair: string;
  readonly interval: number;
  readonly source: 'ohlc' | 'trades';
  /** Epoch ms reached so far, and the range asked for. */
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

export interface DownloadRequest {
  /** Any Kraken spelling (BTC/USD, XBTUSD). */
  readonly pair: string;
  /** Minutes or "1h"; one of Kraken's OHLC intervals. */
  readonly interval: number | string;
  /** Epoch ms of the first candle wanted; default: as far back as OHLC goes (720 candles). */
  readonly from?: number;
  /** Epoch ms to stop at (exclusive); default: now on the exchange. */
  readonly to?: number;
  /** `auto` (default): OHLC when `from` is inside its 720-candle window, else trades. */
  readonly source?: 'auto' | 'ohlc' | 'trades';
  readonly symbols?: SymbolTable;
  readonly onProgress?: (p: DownloadProgress) => void;
  /** Safety cap on requests (default 100,000). */
  readonly maxPages?: number;
}

export interface DownloadReport {
  readonly exchange: 'kraken';
  readonly symbol: string;
  readonly interval: number;
  readonly source: 'ohlc' | 'trades';
  readonly from: number;
  readonly to: number;
  readonly requests: number;
  readonly trades: number;
  readonly candles: number;
  readonly inserted: number;
  /** Set when Kraken had no data as far back as asked (OHLC window, pair listing). */
  readonly firstAvailable?: number;
}

/** A REST client for public market data; the rate limiter is off for a loopback endpoint (the simulator). */
export function publicClient(endpoint: string): KrakenRestClient {
  const loopback = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(endpoint);
  return new KrakenRestClient({ baseUrl: endpoint, ...(loopback ? { rateLimiter: false } : {}) });
}

function krakenInterval(value: number | string): KrakenInterval {
  const min = parseTimeframe(value);
  if (!(KRAKEN_INTERVALS as readonly number[]).includes(min)) {
    throw new DownloadError(`interval ${value} is not one Kraken serves; use one of ${KRAKEN_INTERVALS.join(', ')} minutes`);
  }
  return min as KrakenInterval;
}

export async function downloadCandles(client: KrakenRestClient, store: MarketStore, req: DownloadRequest): Promise<DownloadReport> {
  const table = req.symbols ?? defaultSymbols;
  const symbol = table.resolve(req.pair);
  const rest = table.info(symbol).altname;
  const interval = krakenInterval(req.interval);
  const ms = interval * 60_000;
  const now = (await client.time()).unixtime * 1000;
  const to = Math.min(req.to ?? now, now);
  const windowStart = Math.floor(now / ms) * ms - (OHLC_WINDOW - 1) * ms;
  const from = Math.ceil((req.from ?? windowStart) / ms) * ms;
  if (!(from < to)) throw new DownloadError(`empty range: from ${new Date(from).toISOString()} is not before to ${new Date(to).toISOString()}`);
  const source = req.source === 'ohlc' || req.source === 'trades' ? req.source : from >= windowStart ? 'ohlc' : 'trades';
  const base = { pair: symbol, interval, from, to };
  return source === 'ohlc'
    ? downloadOhlc(client, store, { ...base, rest, req, windowStart })
    : downloadTrades(client, store, { ...base, rest, req, now, cursor: undefined, watchedFrom: from });
}

interface Plan {
  readonly pair: string;
  readonly rest: string;
  readonly interval: KrakenInterval;
  readonly from: number;
  readonly to: number;
  readonly req: DownloadRequest;
}

async function downloadOhlc(client: KrakenRestClient, store: MarketStore, p: Plan & { windowStart: number }): Promise<DownloadReport> {
  const ms = p.interval * 60_000;
  const range = await fetchOhlcRange(client, { pair: p.rest, interval: p.interval, since: p.from / 1000, until: Math.floor((p.to - ms) / 1000), maxPages: p.req.maxPages ?? 100 });
  // Committed candles only, and only those that ended before `to`.
  const rows = range.candles
    .filter((c) => c.time * 1000 + ms <= p.to)
    .map((c) => ({ openTime: c.time * 1000, open: Number(c.open), high: Number(c.high), low: Number(c.low), close: Number(c.close), volume: Number(c.volume), trades: c.count }));
  const inserted = await writeCandles(store, 'kraken', p.pair, p.interval, rows, 'kraken-rest-ohlc');
  const lastOpen = rows.length ? rows[rows.length - 1].openTime : p.from - ms;
  await saveCursor(store, { exchange: 'kraken', symbol: p.pair, source: 'ohlc', intervalMin: p.interval, cursor: String(lastOpen), watchedFrom: p.from, watchedTo: lastOpen + ms });
  p.req.onProgress?.({ pair: p.pair, interval: p.interval, source: 'ohlc', at: p.to, from: p.from, to: p.to });
  const first = rows[0]?.openTime;
  return {
    exchange: 'kraken', symbol: p.pair, interval: p.interval, source: 'ohlc', from: p.from, to: p.to,
    requests: 1, trades: 0, candles: rows.length, inserted,
    ...(first === undefined || first > p.from ? { firstAvailable: first ?? p.windowStart } : {}),
  };
}

async function downloadTrades(
  client: KrakenRestClient,
  store: MarketStore,
  p: Plan & { now: number; cursor: string | undefined; watchedFrom: number },
): Promise<DownloadReport> {
  // `since` in seconds is exclusive: ask from one second early and drop what is before `from`.
  let since = p.cursor ?? String(Math.floor(p.from / 1000) - 1);
  let requests = 0;
  let stored = 0;
  let firstTrade: number | undefined;
  const maxPages = p.req.maxPages ?? 100_000;
  for (; requests < maxPages; ) {
    const asked = since;
    const page = await client.trades({ pair: p.rest, since });
    requests++;
    const rows: TradeRowInput[] = [];
    let past = false;
    for (const t of page.trades) {
      const timeMs = t.time * 1000;
      if (timeMs >= p.to) {
        past = true;
        break;
      }
      if (timeMs < p.from) continue;
      firstTrade ??= timeMs;
      rows.push({ timeUs: Math.round(t.time * 1e6), price: Number(t.price), volume: Number(t.volume), side: t.side });
    }
    stored += await writeTrades(store, 'kraken', p.pair, rows);
    const lastTime = rows.length ? rows[rows.length - 1].timeUs / 1000 : p.from;
    // A page cut at `to` is asked again next time (its trades before `to` are then skipped as
    // older than the new `from`, so nothing is stored twice); otherwise go on after `last`.
    if (!past) since = page.last;
    p.req.onProgress?.({ pair: p.pair, interval: p.interval, source: 'trades', at: Math.min(lastTime, p.to), from: p.from, to: p.to });
    if (past) since = asked;
    if (past || page.trades.length === 0 || since === asked) break;
  }
  await saveCursor(store, { exchange: 'kraken', symbol: p.pair, source: 'trades', intervalMin: p.interval, cursor: since, watchedFrom: p.watchedFrom, watchedTo: p.to });
  const built = await store.candlesFromTrades({ exchange: 'kraken', symbol: p.pair, interval: p.interval, watchedFrom: p.watchedFrom, watchedTo: p.to });
  return {
    exchange: 'kraken', symbol: p.pair, interval: p.interval, source: 'trades', from: p.from, to: p.to,
    requests, trades: stored, candles: built.candles, inserted: built.inserted,
    ...(firstTrade === undefined || firstTrade > p.from + p.interval * 60_000 ? { firstAvailable: firstTrade ?? p.to } : {}),
  };
}

export interface UpdateRequest {
  /** Only this pair (any spelling); default every downloaded pair. */
  readonly pair?: string;
  /** Only this interval; default every downloaded interval. */
  readonly interval?: number | string;
  readonly symbols?: SymbolTable;
  readonly onProgress?: (p: DownloadProgress) => void;
}

/**
 * Brings every downloaded series up to now, from where its last download stopped: OHLC series
 * from their last stored candle (through trades when that is older than the 720-candle window),
 * trade-built series from the stored Trades cursor.
 */
export async function updateDownloads(client: KrakenRestClient, store: MarketStore, req: UpdateRequest = {}): Promise<DownloadReport[]> {
  const table = req.symbols ?? defaultSymbols;
  const symbol = req.pair === undefined ? undefined : table.resolve(req.pair);
  const interval = req.interval === undefined ? undefined : krakenInterval(req.interval);
  const cursors = (await loadCursors(store, { exchange: 'kraken', symbol })).filter((c) => interval === undefined || c.intervalMin === interval);
  if (cursors.length === 0) {
    throw new DownloadError(`nothing to update${symbol ? ` for ${symbol}` : ''}${interval ? ` at ${interval} min` : ''}: no earlier download in this store (run \`krakenbt data download\` first)`);
  }
  const now = (await client.time()).unixtime * 1000;
  const reports: DownloadReport[] = [];
  for (const c of cursors) {
    const iv = krakenInterval(c.intervalMin);
    if (c.source === 'ohlc') {
      // From the candle after the last stored one; through trades if that is older than the OHLC window.
      const next = Number(c.cursor) + iv * 60_000;
      reports.push(await downloadCandles(client, store, { pair: c.symbol, interval: iv, from: next, to: now, symbols: table, onProgress: req.onProgress }).catch((e: unknown) => emptyRange(e, c.symbol, iv, next, now)));
    } else {
      const from = c.watchedTo ?? c.watchedFrom ?? 0;
      const plan = { pair: c.symbol, rest: table.info(c.symbol).altname, interval: iv, from, to: now, req: { pair: c.symbol, interval: iv, onProgress: req.onProgress } };
      reports.push(await downloadTrades(client, store, { ...plan, now, cursor: c.cursor, watchedFrom: c.watchedFrom ?? from }));
    }
  }
  return reports;
}

function emptyRange(err: unknown, symbol: string, interval: number, from: number, to: number): DownloadReport {
  if (!(err instanceof DownloadError) || !/empty range/.test(err.message)) throw err;
  return { exchange: 'kraken', symbol, interval, source: 'ohlc', from, to, requests: 0, trades: 0, candles: 0, inserted: 0 };
}
