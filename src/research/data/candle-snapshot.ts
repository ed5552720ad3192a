import { createCandleBatch, type CandleBatch } from '../../core/market/candle-batch.ts';
import { parseTimeframe } from '../../core/market/timeframe.ts';
import { parseRange } from '../../backtest/run/dates.ts';
import { resolveInstrument, type CandleSource } from '../../backtest/run/run-backtest.ts';
import type { CandleRange, LoadCandlesRequest, StoredSeries } from '../../backtest/store/candle-loader.ts';

/**
 * Candles of a few pairs at one timeframe, loaded once from the store into shared typed
 * arrays. A snapshot is a plain object: it crosses to worker threads with postMessage without
 * copying the candles (SharedArrayBuffer), and SnapshotSource serves it to runBacktest exactly
 * as the store would (same rows, same order, same run end), for any sub-range and pair subset.
 */
export interface CandleSnapshot {
  readonly exchange: string;
  /** Canonical symbols; `pair[i]` indexes this list. */
  readonly symbols: readonly string[];
  readonly intervalMin: number;
  /** Loaded range [from, to) on candle open time, epoch ms. */
  readonly from: number;
  readonly to: number;
  /** What the store held when the snapshot was taken (runBacktest derives the run end from it). */
  readonly series: readonly StoredSeries[];
  /** The store's candleRange per symbol at this interval (null when resampled from finer data). */
  readonly ranges: readonly (CandleRange | null)[];
  readonly length: number;
  readonly openTime: Float64Array;
  readonly pair: Uint16Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly trades: Float64Array;
}

export interface SnapshotRequest {
  readonly pairs: readonly string[];
  readonly timeframe: string;
  /** UTC dates as the CLI takes them ("2020-01-01"; a date-only `to` includes that day). */
  readonly from: string;
  readonly to: string;
  readonly exchange?: string;
}

function sharedFloat64(src: Float64Array, n: number): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(Math.max(8, n * 8)), 0, n);
  out.set(src.subarray(0, n));
  return out;
}

/** Loads the candles of `req` from a store (or any CandleSource) into a snapshot. */
export async function snapshotCandles(source: CandleSource, req: SnapshotRequest): Promise<CandleSnapshot> {
  const exchange = req.exchange ?? 'kraken';
  const symbols = req.pairs.map((p) => resolveInstrument(exchange, p).symbol);
  const intervalMin = parseTimeframe(req.timeframe);
  const { from, to } = parseRange(req.from, req.to);
  const series = (await source.listSymbols()).filter((s) => s.exchange === exchange && symbols.includes(s.symbol));
  const ranges = await Promise.all(symbols.map(async (symbol) => (await source.candleRange({ exchange, symbol, interval: intervalMin })) ?? null));
  let cap = 1 << 14;
  let cols = Array.from({ length: 7 }, () => new Float64Array(cap));
  let pairCol = new Uint16Array(cap);
  let n = 0;
  for await (const b of source.loadCandles({ exchange, symbols, interval: intervalMin, from, to })) {
    if (n + b.length > cap) {
      while (n + b.length > cap) cap *= 2;
      cols = cols.map((c) => {
        const g = new Float64Array(cap);
        g.set(c.subarray(0, n));
        return g;
      });
      const p = new Uint16Array(cap);
      p.set(pairCol.subarray(0, n));
      pairCol = p;
    }
    const srcs = [b.openTime, b.open, b.high, b.low, b.close, b.volume, b.trades];
    for (let c = 0; c < 7; c++) cols[c].set(srcs[c].subarray(0, b.length), n);
    pairCol.set(b.pair.subarray(0, b.length), n);
    n += b.length;
  }
  const pair = new Uint16Array(new SharedArrayBuffer(Math.max(2, n * 2)), 0, n);
  pair.set(pairCol.subarray(0, n));
  const [openTime, open, high, low, close, volume, trades] = cols.map((c) => sharedFloat64(c, n));
  return { exchange, symbols, intervalMin, from, to, series, ranges, length: n, openTime, pair, open, high, low, close, volume, trades };
}

/** Serves a snapshot through the CandleSource interface runBacktest uses. */
export class SnapshotSource implements CandleSource {
  constructor(readonly snapshot: CandleSnapshot) {}

  listSymbols(): Promise<StoredSeries[]> {
    return Promise.resolve([...this.snapshot.series]);
  }

  candleRange(q: { exchange: string; symbol: string; interval: number }): Promise<CandleRange | undefined> {
    this.check(q.exchange, q.interval);
    const i = this.snapshot.symbols.indexOf(q.symbol);
    if (i < 0) throw new Error(`candle snapshot has no ${q.symbol}; it holds ${this.snapshot.symbols.join(', ')}`);
    return Promise.resolve(this.snapshot.ranges[i] ?? undefined);
  }

  loadCandles(req: LoadCandlesRequest): AsyncIterable<CandleBatch> {
    this.check(req.exchange, req.interval);
    const s = this.snapshot;
    if (req.from < s.from || req.to > s.to) {
      throw new RangeError(`candle snapshot covers ${new Date(s.from).toISOString()}..${new Date(s.to).toISOString()}, asked ${new Date(req.from).toISOString()}..${new Date(req.to).toISOString()}`);
    }
    // Snapshot pair index -> requested pair index (-1: not requested).
    const map = s.symbols.map((sym) => req.symbols.indexOf(sym));
    for (const sym of req.symbols) if (!s.symbols.includes(sym)) throw new Error(`candle snapshot has no ${sym}; it holds ${s.symbols.join(', ')}`);
    return this.stream(req, map);
  }

  private async *stream(req: LoadCandlesRequest, map: readonly number[]): AsyncGenerator<CandleBatch> {
    const s = this.snapshot;
    const capacity = req.batchSize ?? 8192;
    const reuse = req.reuseBatch ?? true;
    const intervalMs = s.intervalMin * 60_000;
    let batch = createCandleBatch(capacity, intervalMs);
    const start = lowerBound(s.openTime, req.from, s.length);
    const end = lowerBound(s.openTime, req.to, s.length);
    // Like the store: a requested pair with nothing in range is an error before any candle.
    const seen = new Uint8Array(req.symbols.length);
    for (let r = start; r < end; r++) if (map[s.pair[r]] >= 0) seen[map[s.pair[r]]] = 1;
    const missing = req.symbols.filter((_, p) => seen[p] === 0);
    if (missing.length > 0) {
      throw new Error(`no ${req.exchange} ${missing.join(', ')} candles in the snapshot between ${new Date(req.from).toISOString()} and ${new Date(req.to).toISOString()}`);
    }
    if (map.every((m, p) => m === p) && map.length === req.symbols.length) {
      // The same pairs in the same order: the snapshot's rows are already in the store's
      // (open time, pair) order, so they are copied in blocks.
      for (let r = start; r < end; ) {
        const n = Math.min(capacity - batch.length, end - r);
        const at = batch.length;
        batch.pair.set(s.pair.subarray(r, r + n), at);
        batch.openTime.set(s.openTime.subarray(r, r + n), at);
        batch.open.set(s.open.subarray(r, r + n), at);
        batch.high.set(s.high.subarray(r, r + n), at);
        batch.low.set(s.low.subarray(r, r + n), at);
        batch.close.set(s.close.subarray(r, r + n), at);
        batch.volume.set(s.volume.subarray(r, r + n), at);
        batch.trades.set(s.trades.subarray(r, r + n), at);
        batch.length = at + n;
        r += n;
        if (batch.length === capacity) {
          yield batch;
          if (reuse) batch.length = 0;
          else batch = createCandleBatch(capacity, intervalMs);
        }
      }
      if (batch.length > 0) yield batch;
      return;
    }
    let i = start;
    // Rows of one open time, re-ordered by the requested pair index (the store's order).
    const group: number[] = [];
    while (i < end) {
      const t = s.openTime[i];
      group.length = 0;
      for (; i < end && s.openTime[i] === t; i++) if (map[s.pair[i]] >= 0) group.push(i);
      if (group.length > 1) group.sort((a, b) => map[s.pair[a]] - map[s.pair[b]]);
      for (const r of group) {
        const k = batch.length;
        const p = map[s.pair[r]];
        batch.pair[k] = p;
        batch.openTime[k] = t;
        batch.open[k] = s.open[r];
        batch.high[k] = s.high[r];
        batch.low[k] = s.low[r];
        batch.close[k] = s.close[r];
        batch.volume[k] = s.volume[r];
        batch.trades[k] = s.trades[r];
        batch.length = k + 1;
        if (batch.length === capacity) {
          yield batch;
          if (reuse) batch.length = 0;
          else batch = createCandleBatch(capacity, intervalMs);
        }
      }
    }
    if (batch.length > 0) yield batch;
  }

  private check(exchange: string, interval: number): void {
    const s = this.snapshot;
    if (exchange !== s.exchange || interval !== s.intervalMin) {
      throw new Error(`candle snapshot holds ${s.exchange} ${s.intervalMin}-minute candles, asked ${exchange} ${interval}-minute`);
    }
  }
}

/** First index whose value is >= x in an ascending array. */
function lowerBound(a: Float64Array, x: number, n: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
