import { table, type ColumnTable } from 'arquero';
import type { CandleSource } from '../../backtest/run/run-backtest.ts';
import { snapshotCandles, type CandleSnapshot, type SnapshotRequest } from './candle-snapshot.ts';

/**
 * Candles of one or more pairs as an arquero table: one row per candle, ordered by open time
 * then pair, columns time (open time, epoch ms), pair, open, high, low, close, volume, trades.
 */
export async function candleTable(source: CandleSource, req: SnapshotRequest): Promise<ColumnTable> {
  return snapshotTable(await snapshotCandles(source, req));
}

/** The same table from an already loaded snapshot. */
export function snapshotTable(s: CandleSnapshot): ColumnTable {
  const n = s.length;
  return table({
    time: Float64Array.from(s.openTime.subarray(0, n)),
    pair: Array.from(s.pair.subarray(0, n), (p) => s.symbols[p]),
    open: Float64Array.from(s.open.subarray(0, n)),
    high: Float64Array.from(s.high.subarray(0, n)),
    low: Float64Array.from(s.low.subarray(0, n)),
    close: Float64Array.from(s.close.subarray(0, n)),
    volume: Float64Array.from(s.volume.subarray(0, n)),
    trades: Float64Array.from(s.trades.subarray(0, n)),
  });
}
