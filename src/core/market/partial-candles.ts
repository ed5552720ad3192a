import { alignUp } from './timeframe.ts';

/**
 * The one rule for partial first and last candles, shared by the historical trades importer
 * (candlesFromTrades) and the live bar builder, so backtest and live see the same bars.
 *
 * A candle built from trades is complete only when the trade source was watched over its
 * whole interval: watching began at or before the candle's open time and lasted until its
 * end. A candle whose interval began before the first trade seen (a trades file or a `since`
 * download that starts mid-interval, a live feed that connected mid-interval) may lack the
 * trades before it, and one whose interval was not over when watching stopped (end of a file,
 * the clock before the boundary) may lack the trades after: both are dropped, never passed
 * off as real candles. Intervals with no trade give no candle (Kraken's gaps) either way.
 *
 * `watchedFrom` is where the source is known to start (a clock reading at connect, the
 * `since` of a download, a pair's listing), else the first trade's time. `watchedTo` is the
 * clock, else the last trade's time, else +Infinity when the caller knows the data is final.
 */
export interface WatchedSpan {
  /** Epoch ms, inclusive. */
  readonly watchedFrom: number;
  /** Epoch ms, exclusive. */
  readonly watchedTo: number;
}

/** Open time of the first candle watched from its start. */
export function firstCompleteOpen(watchedFrom: number, intervalMs: number): number {
  return alignUp(watchedFrom, intervalMs);
}

/** True when the candle opening at `openTime` was watched over its whole interval. */
export function isCompleteCandle(openTime: number, intervalMs: number, span: WatchedSpan): boolean {
  return openTime >= firstCompleteOpen(span.watchedFrom, intervalMs) && openTime + intervalMs <= span.watchedTo;
}
