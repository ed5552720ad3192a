import type { CandleColumns } from '../../core/features/candle-columns.ts';
import type { CandleSource } from '../../backtest/run/run-backtest.ts';
import { snapshotCandles } from '../data/candle-snapshot.ts';

/** One pair's closed candles from a store (or snapshot source) as columns; close time = open time + interval. */
export async function loadSeries(source: CandleSource, req: { pair: string; timeframe: string; from: string; to: string; exchange?: string }): Promise<CandleColumns> {
  const s = await snapshotCandles(source, { pairs: [req.pair], timeframe: req.timeframe, from: req.from, to: req.to, exchange: req.exchange });
  if (s.length === 0) throw new Error(`no ${req.pair} ${req.timeframe} candles between ${req.from} and ${req.to}`);
  const n = s.length;
  const step = s.intervalMin * 60_000;
  return {
    closeTime: Float64Array.from(s.openTime.subarray(0, n), (t) => t + step),
    open: Float64Array.from(s.open.subarray(0, n)),
    high: Float64Array.from(s.high.subarray(0, n)),
    low: Float64Array.from(s.low.subarray(0, n)),
    close: Float64Array.from(s.close.subarray(0, n)),
    volume: Float64Array.from(s.volume.subarray(0, n)),
  };
}
