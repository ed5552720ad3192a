import type { Candle } from './candle-batch.ts';
import { alignDown, MINUTE_MS } from './timeframe.ts';

/**
 * Trades of one pair -> candles of one interval aligned to the UTC epoch. The live runner
 * builds its bars with this class and historical trades go through it too, so live and
 * backtest see the same bars (DESIGN.md).
 *
 * Kraken's gap semantics: an interval in which nothing traded produces no candle. A candle is
 * emitted once its interval is over, which the aggregator learns either from the first trade
 * of a later interval (`push`) or from the clock (`advanceTo`, called by the live runner's
 * timer with event time). Each call returns the candle it closed, or null; at most one can
 * close per call because empty intervals emit nothing.
 */

export class TradeOutOfOrderError extends Error {
  constructor(readonly time: number, readonly lastTime: number, reason: string) {
    super(`trade at ${time} ms is out of order: ${reason} (last seen ${lastTime} ms)`);
    this.name = 'TradeOutOfOrderError';
  }
}

export class TradeAggregator {
  readonly intervalMs: number;
  private bucket = Number.NaN; // open time of the forming candle, NaN when none
  private open = 0;
  private high = 0;
  private low = 0;
  private close = 0;
  private volume = 0;
  private trades = 0;
  private lastTradeTime = -Infinity;
  /** Everything before this time has been emitted; a trade earlier than it arrived too late. */
  private closedBefore = -Infinity;

  constructor(readonly intervalMinutes: number) {
    if (!Number.isSafeInteger(intervalMinutes) || intervalMinutes <= 0) {
      throw new RangeError(`interval must be a positive whole number of minutes, got ${intervalMinutes}`);
    }
    this.intervalMs = intervalMinutes * MINUTE_MS;
  }

  /** Adds one trade (time in epoch ms, may be fractional). Returns the candle this trade closed, if any. */
  push(timeMs: number, price: number, volume: number): Candle | null {
    if (!Number.isFinite(timeMs)) throw new RangeError(`trade time must be finite, got ${timeMs}`);
    if (!(Number.isFinite(price) && price > 0)) throw new RangeError(`trade price must be a positive number, got ${price}`);
    if (!(Number.isFinite(volume) && volume >= 0)) throw new RangeError(`trade volume must be a non-negative number, got ${volume}`);
    if (timeMs < this.lastTradeTime) throw new TradeOutOfOrderError(timeMs, this.lastTradeTime, 'earlier than the previous trade');
    if (timeMs < this.closedBefore) {
      throw new TradeOutOfOrderError(timeMs, this.lastTradeTime, `its interval was already closed (clock advanced to ${this.closedBefore} ms)`);
    }
    this.lastTradeTime = timeMs;
    const b = alignDown(timeMs, this.intervalMs);
    let emitted: Candle | null = null;
    if (b !== this.bucket) {
      emitted = this.takeForming();
      this.bucket = b;
      this.open = price; this.high = price; this.low = price; this.close = price;
      this.volume = volume; this.trades = 1;
      return emitted;
    }
    if (price > this.high) this.high = price;
    if (price < this.low) this.low = price;
    this.close = price;
    this.volume += volume;
    this.trades += 1;
    return null;
  }

  /** Tells the aggregator that event time reached `timeMs`; closes the forming candle if its interval is over. */
  advanceTo(timeMs: number): Candle | null {
    const boundary = alignDown(timeMs, this.intervalMs);
    if (boundary > this.closedBefore) this.closedBefore = boundary;
    if (!Number.isNaN(this.bucket) && this.bucket + this.intervalMs <= timeMs) return this.takeForming();
    return null;
  }

  /** Closes and returns the forming candle even if its interval is not over (end of a historical data set). */
  flush(): Candle | null {
    return this.takeForming();
  }

  /** A snapshot of the candle still forming, or null. */
  forming(): Candle | null {
    if (Number.isNaN(this.bucket)) return null;
    return { openTime: this.bucket, open: this.open, high: this.high, low: this.low, close: this.close, volume: this.volume, trades: this.trades };
  }

  private takeForming(): Candle | null {
    const c = this.forming();
    if (c) {
      const end = this.bucket + this.intervalMs;
      if (end > this.closedBefore) this.closedBefore = end;
      this.bucket = Number.NaN;
    }
    return c;
  }
}

/** Convenience for whole data sets: aggregates ascending trades and flushes the last candle. */
export function aggregateTrades(
  trades: Iterable<{ readonly time: number; readonly price: number; readonly volume: number }>,
  intervalMinutes: number,
): Candle[] {
  const agg = new TradeAggregator(intervalMinutes);
  const out: Candle[] = [];
  for (const t of trades) {
    const c = agg.push(t.time, t.price, t.volume);
    if (c) out.push(c);
  }
  const last = agg.flush();
  if (last) out.push(last);
  return out;
}
