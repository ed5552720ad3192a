import type { CandleInput } from '../../core/journal/journal-entry.ts';
import { alignDown, alignUp } from '../../core/market/timeframe.ts';
import { TradeAggregator } from '../../core/market/trade-aggregator.ts';
import { isCompleteCandle } from '../../core/market/partial-candles.ts';

/**
 * Live trades of several pairs -> closed bars, through the backtest's own TradeAggregator.
 *
 * Bars that close at one boundary come out together in pair order (the backtest's (close
 * time, pair) order): the first trade past a boundary, or the clock reaching it, closes every
 * pair's bar. A bar whose interval began before the feed was (re)connected missed trades and
 * is dropped rather than passed off as complete; trades older than what was already emitted
 * arrive too late and are counted, not used.
 */
export class BarBuilder {
  private readonly aggs: TradeAggregator[];
  private readonly intervalMs: number;
  /** Bars opening before this time are incomplete (feed started or reconnected inside them). */
  private acceptFrom = Infinity;
  private awaitingFirstTrade = true;
  /** Every boundary at or before this has been processed. */
  private boundary = -Infinity;
  lateTrades = 0;
  partialBarsDropped = 0;

  constructor(readonly pairs: readonly string[], intervalMinutes: number) {
    this.aggs = pairs.map(() => new TradeAggregator(intervalMinutes));
    this.intervalMs = intervalMinutes * 60_000;
  }

  /** Bars up to `time` were already emitted (journal replay): nothing at or before it is rebuilt. */
  resumeAfter(time: number): void {
    const b = alignDown(time, this.intervalMs);
    if (b > this.boundary) this.boundary = b;
    for (const a of this.aggs) a.advanceTo(time);
  }

  /**
   * The feed (re)connected: the interval in progress may have missed trades. The clock (when
   * known) marks the next boundary as the first complete bar; without one, the first trade does.
   */
  feedRestarted(now?: number): void {
    if (now === undefined) {
      this.awaitingFirstTrade = true;
      this.acceptFrom = Infinity;
    } else {
      this.awaitingFirstTrade = false;
      this.acceptFrom = alignUp(now, this.intervalMs);
    }
  }

  /** One trade; returns bars it closed (possibly none). */
  onTrade(pairIndex: number, time: number, price: number, qty: number, out: CandleInput[] = []): CandleInput[] {
    if (this.awaitingFirstTrade) {
      this.awaitingFirstTrade = false;
      this.acceptFrom = alignUp(time, this.intervalMs);
    }
    const b = alignDown(time, this.intervalMs);
    if (b > this.boundary) this.advanceTo(time, out);
    if (b < this.boundary) {
      this.lateTrades++;
      return out;
    }
    this.aggs[pairIndex].push(time, price, qty);
    return out;
  }

  /** The clock reached `time`: bars whose interval is over close, in pair order. */
  advanceTo(time: number, out: CandleInput[] = []): CandleInput[] {
    const b = alignDown(time, this.intervalMs);
    if (b <= this.boundary) return out;
    this.boundary = b;
    for (let p = 0; p < this.aggs.length; p++) {
      const c = this.aggs[p].advanceTo(time);
      if (!c) continue;
      if (!isCompleteCandle(c.openTime, this.intervalMs, { watchedFrom: this.acceptFrom, watchedTo: time })) { // the rule candlesFromTrades uses
        this.partialBarsDropped++;
        continue;
      }
      out.push({ pair: this.pairs[p], openTime: c.openTime, intervalMs: this.intervalMs, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, trades: c.trades });
    }
    return out;
  }

  /** Last processed boundary (-Infinity before any). */
  lastBoundary(): number {
    return this.boundary;
  }
}
