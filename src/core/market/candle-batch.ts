/**
 * Candles in columnar form, the only way candles reach the kernel's hot path (DESIGN.md).
 *
 * Row i is one closed candle of pair `pair[i]` (an index into the run's instrument list)
 * that opened at `openTime[i]` (epoch ms, UTC) and covers `intervalMs`. Rows are ordered by
 * (closeTime, pair index); a batch may hold many pairs. Volume is in base units; `trades`
 * is the trade count (0 when the source does not say). Nothing here is allocated per candle.
 */
export interface CandleBatch {
  length: number;
  readonly intervalMs: number;
  readonly pair: Uint16Array;
  readonly openTime: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly trades: Float64Array;
}

/** Allocates an empty batch with room for `capacity` rows (reuse it: fill, hand over, refill). */
export function createCandleBatch(capacity: number, intervalMs: number): CandleBatch {
  return {
    length: 0,
    intervalMs,
    pair: new Uint16Array(capacity),
    openTime: new Float64Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
    trades: new Float64Array(capacity),
  };
}

/** Capacity of a batch (rows it can hold). */
export function batchCapacity(batch: CandleBatch): number {
  return batch.open.length;
}

/** Appends one row; throws when full. For feeds and tests, not the hot path of the kernel. */
export function pushCandle(
  batch: CandleBatch,
  pair: number,
  openTime: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
  trades = 0,
): void {
  const i = batch.length;
  if (i >= batch.open.length) throw new RangeError('candle batch is full');
  batch.pair[i] = pair;
  batch.openTime[i] = openTime;
  batch.open[i] = open;
  batch.high[i] = high;
  batch.low[i] = low;
  batch.close[i] = close;
  batch.volume[i] = volume;
  batch.trades[i] = trades;
  batch.length = i + 1;
}

/** A plain candle object, for APIs where allocation does not matter (aggregators, tests, live bars). */
export interface Candle {
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly trades: number;
}
