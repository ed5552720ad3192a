import { MarketWatch, type MarketWatchOptions, type WatchDecision } from '../kraken/watch/market-watch.ts';
import { DEFAULT_OHLC_INTERVAL, ohlcUpdate } from '../kraken/watch/watch-feed.ts';
import type { InstrumentPair, OhlcData, TickerData } from '../kraken/ws/messages/market-data.ts';
import type { MarketRow } from './wire.ts';

export type { MarketRow };

export interface MarketBoardOptions {
  /** Pairs always in focus (the session's pairs). */
  readonly pinned: readonly string[];
  readonly watch?: Partial<MarketWatchOptions>;
  /** |24 h change| at or above this many percent marks a mover (default 5). */
  readonly moverChangePct?: number;
}

/** Candle length (minutes) of the universe-wide ohlc that gives the watch its volume: the market watch's own. */
export const VOLUME_OHLC_INTERVAL = DEFAULT_OHLC_INTERVAL;

/**
 * The Markets page's model, fed by the public feed (instrument catalog, tickers, and ohlc at
 * VOLUME_OHLC_INTERVAL for every pair) and run through the market watch: focus pairs (the
 * session's pinned pairs and the pairs the watch promotes on 1 h momentum or volume
 * acceleration) are published on every ticker, scout pairs are collected and published only at
 * each scout flush (`flush()`, called every `scoutFlushMs` by the feed), like the watch
 * processes them. Volume reaches the watch as WatchFeed gives it (`ohlcUpdate`: each candle's
 * cumulative volume, so the traded volume is exact); tickers give the price only (their volume
 * is a rolling 24 h sum). The watch runs on exchange time (ticker and frame timestamps), so a
 * replayed market promotes like a live one.
 */
export class MarketBoard {
  readonly rows = new Map<string, MarketRow>();
  readonly decisions: WatchDecision[] = [];
  private watch: MarketWatch | undefined;
  private readonly pendingScouts = new Set<string>();
  private readonly listeners = new Set<(rows: readonly MarketRow[]) => void>();
  private exchangeNow = -Infinity;
  readonly options: Required<Pick<MarketBoardOptions, 'moverChangePct'>> & MarketBoardOptions;
  readonly watchOptions: MarketWatchOptions;

  constructor(options: MarketBoardOptions) {
    this.options = { moverChangePct: 5, ...options };
    this.watchOptions = {
      maxFocus: Math.max(12, options.pinned.length + 8),
      pinned: options.pinned,
      scoutFlushMs: 5_000,
      promoteMomentum: 0.03,
      promoteVolumeAcceleration: 3,
      demoteAfterQuietMs: 30 * 60_000,
      ...options.watch,
    };
  }

  /** Published rows (focus: per ticker; scouts: per flush). */
  onRows(fn: (rows: readonly MarketRow[]) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * The tradable pairs from the instrument channel. The watch runs on exchange time, which the
   * catalog does not carry: it is built at the first ticker or candle (ensureWatch), and until
   * then only the pinned pairs are in focus. A later catalog goes through the watch.
   */
  setUniverse(pairs: readonly InstrumentPair[], now: number): void {
    for (const p of pairs) {
      if (p.status !== 'online' && p.status !== 'limit_only' && p.status !== 'post_only' && p.status !== 'cancel_only') continue;
      if (this.rows.has(p.symbol)) continue;
      this.rows.set(p.symbol, {
        symbol: p.symbol, base: p.base, quote: p.quote, priceDecimals: p.price_precision, lotDecimals: p.qty_precision,
        last: null, bid: null, ask: null, spreadPct: null, changePct: null, volume: null, focus: false, mover: null, updatedAt: null,
      });
    }
    if (this.watch) this.applyDecisions(this.watch.setUniverse([...this.rows.keys()], Number.isFinite(this.exchangeNow) ? this.exchangeNow : now));
    else for (const s of this.watchOptions.pinned ?? []) if (this.rows.has(s)) this.rows.get(s)!.focus = true;
    this.publish([...this.rows.values()]);
  }

  /** Builds the watch at the first exchange time seen (its scout flushes are on that clock, not the machine's). */
  private ensureWatch(ts: number): MarketWatch | undefined {
    if (this.watch || this.rows.size === 0) return this.watch;
    this.watch = new MarketWatch([...this.rows.keys()], { ...this.watchOptions, pinned: this.watchOptions.pinned?.filter((s) => this.rows.has(s)) }, ts);
    for (const s of this.watch.focus()) this.rows.get(s)!.focus = true;
    return this.watch;
  }

  symbols(): string[] {
    return [...this.rows.keys()];
  }

  onTicker(d: TickerData, receivedAt: number): void {
    const row = this.rows.get(d.symbol);
    if (!row) return;
    const ts = d.timestamp === undefined ? receivedAt : Date.parse(d.timestamp);
    const last = Number(d.last);
    if (!(Number.isFinite(ts) && last > 0)) return; // an unusable ticker is skipped, not shown as 0
    this.exchangeNow = Math.max(this.exchangeNow, ts);
    row.last = d.last;
    row.bid = d.bid;
    row.ask = d.ask;
    const bid = Number(d.bid);
    const ask = Number(d.ask);
    row.spreadPct = bid > 0 && ask >= bid ? ((ask - bid) / ((ask + bid) / 2)) * 100 : null;
    row.changePct = Number(d.change_pct);
    row.volume = d.volume;
    row.updatedAt = ts;
    row.mover = this.moverReason(row);
    this.ensureWatch(ts)?.onTrade(d.symbol, ts, last, 0);
    if (row.focus) this.publish([row]);
    else this.pendingScouts.add(d.symbol);
  }

  /** An ohlc update at VOLUME_OHLC_INTERVAL: the pair's traded volume for the watch. False only when it is unusable (skipped). */
  onOhlc(d: OhlcData, frameTimestamp: string | undefined, receivedAt: number): boolean {
    if (d.interval !== VOLUME_OHLC_INTERVAL || !this.rows.has(d.symbol)) return true; // not the watch's: ignored
    const u = ohlcUpdate(d, frameTimestamp, receivedAt, VOLUME_OHLC_INTERVAL);
    if ('bad' in u) return false;
    this.exchangeNow = Math.max(this.exchangeNow, u.ts);
    this.ensureWatch(u.ts)?.onOhlc(d.symbol, u.begin, u.ts, u.close, u.volume);
    return true;
  }

  /** The scout flush: advances the watch on exchange time, applies its decisions, publishes the collected scouts. */
  flush(): void {
    if (this.watch && Number.isFinite(this.exchangeNow)) this.applyDecisions(this.watch.advance(this.exchangeNow));
    const rows = [...this.pendingScouts].map((s) => this.rows.get(s)!).filter(Boolean);
    this.pendingScouts.clear();
    if (rows.length) this.publish(rows);
  }

  private applyDecisions(decisions: readonly WatchDecision[]): void {
    const changed: MarketRow[] = [];
    for (const d of decisions) {
      this.decisions.push(d);
      const row = this.rows.get(d.symbol);
      if (!row || d.kind === 'promotion_skipped') continue;
      row.focus = d.kind === 'promote';
      row.mover = this.moverReason(row);
      changed.push(row);
    }
    if (this.decisions.length > 200) this.decisions.splice(0, this.decisions.length - 200);
    if (changed.length) this.publish(changed);
  }

  private moverReason(row: MarketRow): string | null {
    const reasons: string[] = [];
    const promoted = [...this.decisions].reverse().find((d) => d.symbol === row.symbol && d.kind !== 'promotion_skipped');
    if (row.focus && promoted?.kind === 'promote') reasons.push(...promoted.reasons);
    if (row.changePct !== null && Math.abs(row.changePct) >= this.options.moverChangePct) reasons.push(`24h ${row.changePct >= 0 ? '+' : ''}${row.changePct.toFixed(2)}%`);
    return reasons.length ? reasons.join('; ') : null;
  }

  private publish(rows: readonly MarketRow[]): void {
    for (const fn of this.listeners) fn(rows);
  }
}
