import { div, type Fixed } from '../../../core/decimal/fixed.ts';

export const OHLC_INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600] as const;

/** One OHLC candle being built from trades. `pv` = sum(price x qty), for the vwap. */
export interface LiveCandle {
  readonly start: number; // epoch ms of the interval start
  open: Fixed;
  high: Fixed;
  low: Fixed;
  close: Fixed;
  volume: Fixed;
  pv: bigint; // scaled 1e36 (Fixed x Fixed)
  count: number;
}

/** Incrementally builds candles of one interval; keeps the most recent `keep` of them. */
export class OhlcSeries {
  readonly candles: LiveCandle[] = [];

  constructor(
    readonly intervalMinutes: number,
    private readonly keep = 721,
  ) {}

  get intervalMs(): number {
    return this.intervalMinutes * 60_000;
  }

  add(timeMs: number, price: Fixed, qty: Fixed): LiveCandle {
    const start = Math.floor(timeMs / this.intervalMs) * this.intervalMs;
    let c = this.candles[this.candles.length - 1];
    if (!c || c.start < start) {
      c = { start, open: price, high: price, low: price, close: price, volume: 0n, pv: 0n, count: 0 };
      this.candles.push(c);
      if (this.candles.length > this.keep) this.candles.splice(0, this.candles.length - this.keep);
    }
    if (price > c.high) c.high = price;
    if (price < c.low) c.low = price;
    c.close = price;
    c.volume += qty;
    c.pv += price * qty;
    c.count++;
    return c;
  }
}

/** Volume-weighted average price of a candle (falls back to close when volume is zero). */
export function vwapOf(c: LiveCandle): Fixed {
  return c.volume > 0n ? div(c.pv / 10n ** 18n, c.volume, 'half-even') : c.close;
}
