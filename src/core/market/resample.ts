import type { Candle } from './candle-batch.ts';
import { alignDown, MINUTE_MS } from './timeframe.ts';

/**
 * Candles of one pair -> a coarser interval aligned to the UTC epoch. open = first open,
 * high = max, low = min, close = last close, volume and trades summed. A bucket that no
 * source candle falls in produces no candle (Kraken's gap semantics are kept, not filled).
 * The store's SQL resampler (src/backtest/store) follows exactly these rules.
 */

export class ResampleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResampleError';
  }
}

/**
 * Resamples ascending candles of `sourceMinutes` to `targetMinutes` (a multiple of it).
 * Throws ResampleError on unordered, duplicate or misaligned input rather than guessing.
 */
export function resampleCandles(candles: readonly Candle[], sourceMinutes: number, targetMinutes: number): Candle[] {
  if (targetMinutes % sourceMinutes !== 0) {
    throw new ResampleError(`cannot resample ${sourceMinutes}m candles to ${targetMinutes}m: not a whole multiple`);
  }
  const sourceMs = sourceMinutes * MINUTE_MS;
  const targetMs = targetMinutes * MINUTE_MS;
  const out: Candle[] = [];
  let bucket = Number.NaN;
  let open = 0, high = 0, low = 0, close = 0, volume = 0, trades = 0;
  let prevTime = -Infinity;
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i];
    if (c.openTime <= prevTime) {
      throw new ResampleError(`candle ${i} (openTime ${c.openTime}) is not after the previous one (${prevTime}); input must be ascending without duplicates`);
    }
    if (c.openTime % sourceMs !== 0) {
      throw new ResampleError(`candle ${i} (openTime ${c.openTime}) is not aligned to ${sourceMinutes}m`);
    }
    prevTime = c.openTime;
    const b = alignDown(c.openTime, targetMs);
    if (b !== bucket) {
      if (!Number.isNaN(bucket)) out.push({ openTime: bucket, open, high, low, close, volume, trades });
      bucket = b;
      open = c.open; high = c.high; low = c.low; close = c.close; volume = c.volume; trades = c.trades;
    } else {
      if (c.high > high) high = c.high;
      if (c.low < low) low = c.low;
      close = c.close;
      volume += c.volume;
      trades += c.trades;
    }
  }
  if (!Number.isNaN(bucket)) out.push({ openTime: bucket, open, high, low, close, volume, trades });
  return out;
}

/**
 * Whether a bucket [bucketOpen, bucketOpen + targetMs) lies wholly inside the span the source
 * is known to cover, [coveredFrom, coveredTo). With gap semantics a missing source candle may
 * mean "nothing traded", so only coverage tells a finished bucket from a partial one (the
 * first and last bucket of a data set, or the bucket still forming in live mode).
 */
export function isBucketComplete(bucketOpen: number, targetMs: number, coveredFrom: number, coveredTo: number): boolean {
  return bucketOpen >= coveredFrom && bucketOpen + targetMs <= coveredTo;
}
