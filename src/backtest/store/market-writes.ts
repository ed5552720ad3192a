import type { MarketStore } from './market-store.ts';
import { ensureInstrument } from './instruments.ts';
import { execute, inTransaction, queryRows, sqlInt, sqlString } from './sql.ts';

/**
 * Writes of market data that does not come from a file (an exchange API download), with the
 * same keys and idempotence as the importer: candles keyed by (exchange, symbol, interval,
 * open time), trades by (exchange, symbol, time in µs, ordinal), ON CONFLICT DO NOTHING.
 * Rows are checked before anything is written; a bad row rejects the whole batch.
 */

export interface CandleRowInput {
  readonly openTime: number; // epoch ms, candle open
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly trades: number | null;
}

export interface TradeRowInput {
  readonly timeUs: number; // epoch µs
  readonly price: number;
  readonly volume: number;
  readonly side: 'b' | 's' | null;
}

export class MarketWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MarketWriteError';
  }
}

function checkCandle(c: CandleRowInput, intervalMs: number, i: number): void {
  const bad = (why: string) => new MarketWriteError(`candle ${i} (open ${c.openTime}): ${why}`);
  if (!Number.isSafeInteger(c.openTime) || c.openTime % intervalMs !== 0) throw bad('open time is not aligned to the interval');
  for (const v of [c.open, c.high, c.low, c.close]) if (!(Number.isFinite(v) && v > 0)) throw bad(`price ${v} is not a positive number`);
  if (!(Number.isFinite(c.volume) && c.volume >= 0)) throw bad(`volume ${c.volume} is not a non-negative number`);
  if (c.high < c.low || c.open < c.low || c.open > c.high || c.close < c.low || c.close > c.high) throw bad('open/close outside [low, high]');
}

/** Inserts candles of one series; returns how many were new. */
export async function writeCandles(store: MarketStore, exchange: string, symbol: string, intervalMin: number, candles: readonly CandleRowInput[], source: string): Promise<number> {
  const intervalMs = intervalMin * 60_000;
  candles.forEach((c, i) => checkCandle(c, intervalMs, i));
  if (candles.length === 0) return 0;
  const conn = store.connection;
  return inTransaction(conn, async () => {
    await ensureInstrument(conn, exchange, symbol);
    let inserted = 0;
    for (let at = 0; at < candles.length; at += 5000) {
      const chunk = candles.slice(at, at + 5000);
      const values = chunk
        .map((c) => `(${sqlString(exchange)}, ${sqlString(symbol)}, ${sqlInt(intervalMin)}, ${sqlInt(c.openTime)}, ${c.open}, ${c.high}, ${c.low}, ${c.close}, ${c.volume}, ${c.trades === null ? 'NULL' : sqlInt(c.trades)}, ${sqlString(source)})`)
        .join(',\n');
      inserted += await execute(conn, `INSERT INTO candles (exchange, symbol, interval_min, open_time, open, high, low, close, volume, trades, source) VALUES ${values} ON CONFLICT DO NOTHING`);
    }
    return inserted;
  });
}

/**
 * Appends trades of one pair in time order. Ordinals rank trades of the same microsecond; a
 * batch that continues a previous one (a resumed download) continues the ranks of the trades
 * already stored at its first microsecond.
 */
export async function writeTrades(store: MarketStore, exchange: string, symbol: string, trades: readonly TradeRowInput[]): Promise<number> {
  let prev = -Infinity;
  trades.forEach((t, i) => {
    if (!Number.isSafeInteger(t.timeUs) || t.timeUs < prev) throw new MarketWriteError(`trade ${i}: time ${t.timeUs} µs is not after the previous trade`);
    if (!(Number.isFinite(t.price) && t.price > 0)) throw new MarketWriteError(`trade ${i}: price ${t.price} is not a positive number`);
    if (!(Number.isFinite(t.volume) && t.volume >= 0)) throw new MarketWriteError(`trade ${i}: volume ${t.volume} is not a non-negative number`);
    prev = t.timeUs;
  });
  if (trades.length === 0) return 0;
  const conn = store.connection;
  const first = trades[0].timeUs;
  const [{ n }] = await queryRows<{ n: number }>(conn, 'SELECT count(*) AS n FROM trades WHERE exchange = ? AND symbol = ? AND time = ?', [exchange, symbol, first]);
  return inTransaction(conn, async () => {
    await ensureInstrument(conn, exchange, symbol);
    let inserted = 0;
    let ordinal = 0;
    let at = Number.NaN;
    const rows = trades.map((t) => {
      if (t.timeUs === at) ordinal++;
      else {
        at = t.timeUs;
        ordinal = t.timeUs === first ? n : 0; // continues the ranks already stored at that microsecond
      }
      return `(${sqlString(exchange)}, ${sqlString(symbol)}, ${sqlInt(t.timeUs)}, ${t.price}, ${t.volume}, ${t.side === null ? 'NULL' : sqlString(t.side)}, ${sqlInt(ordinal)})`;
    });
    for (let i = 0; i < rows.length; i += 5000) {
      inserted += await execute(conn, `INSERT INTO trades (exchange, symbol, time, price, volume, side, ordinal) VALUES ${rows.slice(i, i + 5000).join(',\n')} ON CONFLICT DO NOTHING`);
    }
    return inserted;
  });
}

export interface DownloadCursor {
  readonly exchange: string;
  readonly symbol: string;
  readonly source: 'ohlc' | 'trades';
  readonly intervalMin: number;
  readonly cursor: string;
  readonly watchedFrom: number | null;
  readonly watchedTo: number | null;
}

export async function saveCursor(store: MarketStore, c: DownloadCursor): Promise<void> {
  await execute(store.connection, `INSERT OR REPLACE INTO download_cursors (exchange, symbol, source, interval_min, cursor, watched_from, watched_to) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [c.exchange, c.symbol, c.source, c.intervalMin, c.cursor, c.watchedFrom, c.watchedTo]);
}

export async function loadCursors(store: MarketStore, filter: { exchange?: string; symbol?: string } = {}): Promise<DownloadCursor[]> {
  const rows = await queryRows<{ exchange: string; symbol: string; source: 'ohlc' | 'trades'; interval_min: number; cursor: string; watched_from: number | null; watched_to: number | null }>(
    store.connection, 'SELECT * FROM download_cursors ORDER BY exchange, symbol, source, interval_min');
  return rows
    .filter((r) => (filter.exchange === undefined || r.exchange === filter.exchange) && (filter.symbol === undefined || r.symbol === filter.symbol))
    .map((r) => ({ exchange: r.exchange, symbol: r.symbol, source: r.source, intervalMin: r.interval_min, cursor: r.cursor, watchedFrom: r.watched_from, watchedTo: r.watched_to }));
}
