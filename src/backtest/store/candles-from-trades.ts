import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { TradeAggregator } from '../../core/market/trade-aggregator.ts';
import type { Candle } from '../../core/market/candle-batch.ts';
import { copyDoubleColumn } from './columnar.ts';
import { execute, inTransaction, sqlInt, sqlString } from './sql.ts';

/**
 * Builds candles from stored trades with the same TradeAggregator the live runner uses, so
 * historical and live bars follow one definition. Idempotent: candles already stored for that
 * key are kept (ON CONFLICT DO NOTHING). The last candle is written only with
 * `includeLast: true`: when the trades end, nobody knows whether its interval was over.
 */
export interface CandlesFromTradesRequest {
  readonly exchange: string;
  readonly symbol: string;
  /** Minutes. */
  readonly interval: number;
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
    const put = (c: Candle | null): void => {
      if (!c) return;
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
        for (let i = 0; i < n; i++) put(agg.push(cols[0][i], cols[1][i], cols[2][i]));
        trades += n;
      }
    } finally {
      reader.closeSync();
    }
    if (req.includeLast) put(agg.flush());
    appender.closeSync();
    const inserted = await inTransaction(writer, () => execute(writer, `INSERT INTO candles (exchange, symbol, interval_min, open_time, open, high, low, close, volume, trades, source)
      SELECT ${sqlString(req.exchange)}, ${sqlString(req.symbol)}, ${sqlInt(req.interval)}, open_time, open, high, low, close, volume, trades, 'trades'
      FROM ${staging} ORDER BY open_time ON CONFLICT DO NOTHING`));
    return { trades, candles, inserted };
  } finally {
    await writer.run(`DROP TABLE IF EXISTS temp.${staging}`);
  }
}
