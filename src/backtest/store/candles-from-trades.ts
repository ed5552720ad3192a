import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { TradeAggregator } from '../../core/market/trade-aggregator.ts';
import type { Candle } from '../../core/market/candle-batch.ts';
import { isCompleteCandle } from '../../core/market/partial-candles.ts';
import { MINUTE_MS } from '../../core/market/timeframe.ts';
import { copyDoubleColumn } from './columnar.ts';
import { execute, inTransaction, sqlInt, sqlString } from './sql.ts';

/**
 * Builds candles from stored trades with the same TradeAggregator the live runner uses, and
 * the same partial-candle rule (src/core/market/partial-candles.ts), so historical and live
 * bars follow one definition: a candle is written only if the trades were watched over its
 * whole interval. By default the watch spans the first to the last stored trade, so a first
 * candle that began before the first trade and the last one (nobody knows whether its
 * interval was over) are left out. Idempotent: candles already stored for that key are kept
 * (ON CONFLICT DO NOTHING).
 */
export interface CandlesFromTradesRequest {
  readonly exchange: string;
  readonly symbol: string;
  /** Minutes. */
  readonly interval: number;
  /** Epoch ms from which the stored trades are known to be complete (a download's `since`, the pair's listing); default: the first trade. */
  readonly watchedFrom?: number;
  /** Epoch ms up to which they are complete (when the download ran); default: the last trade, or +Infinity with includeLast. */
  readonly watchedTo?: number;
  /** The trades are final (the pair stopped trading): keep the last candle. Same as watchedTo: Infinity. */
  readonly includeLast?: boolean;
}

let stagingCounter = 0;

export async function candlesFromTrades(
  instance: DuckDBInstance,
  writer: DuckDBConnection,
  req: CandlesFromTradesRequest,
): Promise<{ trades: number; candles: number; inserted: number }> {
  const agg = new TradeAggregator(req.interval);
  const staging = `trade_candles_${++stagingCounter}`;
  await writer.run(`CREATE TEMP TABLE ${staging} (open_time BIGINT, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, trades BIGINT)`);
  try {
    const appender = await writer.createAppender(staging, 'main', 'temp');
    let candles = 0;
    const intervalMs = req.interval * MINUTE_MS;
    let watchedFrom = req.watchedFrom ?? Number.NaN;
    // `seen`: the time of the trade that closed the candle (or of the last trade): watched until then.
    const put = (c: Candle | null, seen: number): void => {
      if (!c) return;
      const watchedTo = req.watchedTo ?? (req.includeLast ? Infinity : seen);
      if (!isCompleteCandle(c.openTime, intervalMs, { watchedFrom, watchedTo })) return;
      appender.appendBigInt(BigInt(c.openTime));
      appender.appendDouble(c.open);
      appender.appendDouble(c.high);
      appender.appendDouble(c.low);
      appender.appendDouble(c.close);
      appender.appendDouble(c.volume);
      appender.appendBigInt(BigInt(c.trades));
      appender.endRow();
      candles++;
    };
    let trades = 0;
    let lastTrade = Number.NaN;
    const reader = await instance.connect();
    try {
      const result = await reader.stream(`SELECT CAST(time AS DOUBLE) / 1000 AS t, price, volume FROM trades
        WHERE exchange = ${sqlString(req.exchange)} AND symbol = ${sqlString(req.symbol)} ORDER BY time, ordinal`);
      const cols = [new Float64Array(2048), new Float64Array(2048), new Float64Array(2048)];
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const n = chunk.rowCount;
        if (cols[0].length < n) for (let c = 0; c < 3; c++) cols[c] = new Float64Array(n);
        for (let c = 0; c < 3; c++) copyDoubleColumn(chunk, c, 0, n, cols[c], 0);
        if (Number.isNaN(watchedFrom)) watchedFrom = cols[0][0];
        for (let i = 0; i < n; i++) put(agg.push(cols[0][i], cols[1][i], cols[2][i]), cols[0][i]);
        trades += n;
        lastTrade = cols[0][n - 1];
      }
    } finally {
      reader.closeSync();
    }
    put(agg.flush(), lastTrade);
    appender.closeSync();
    const inserted = await inTransaction(writer, () => execute(writer, `INSERT INTO candles (exchange, symbol, interval_min, open_time, open, high, low, close, volume, trades, source)
      SELECT ${sqlString(req.exchange)}, ${sqlString(req.symbol)}, ${sqlInt(req.interval)}, open_time, open, high, low, close, volume, trades, 'trades'
      FROM ${staging} ORDER BY open_time ON CONFLICT DO NOTHING`));
    return { trades, candles, inserted };
  } finally {
    await writer.run(`DROP TABLE IF EXISTS temp.${staging}`);
  }
}
