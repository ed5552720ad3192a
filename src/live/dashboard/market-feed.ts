import { KrakenWsClient, type KrakenWsClientOptions } from '../kraken/ws/client.ts';
import type { ConnectionState } from '../kraken/ws/connection-state.ts';
import type { OhlcInterval } from '../kraken/ws/messages/requests.ts';
import { MarketBoard, VOLUME_OHLC_INTERVAL, type MarketBoardOptions } from './market-board.ts';
import type { CandleRow } from './wire.ts';

export type { CandleRow };

export interface MarketFeedOptions extends MarketBoardOptions {
  readonly wsPublicUrl: string;
  /** Candle length of the Pair page charts, minutes (the session timeframe). */
  readonly candleInterval: OhlcInterval;
  /** Wall-clock period of the scout flush (default: the watch's scoutFlushMs). */
  readonly flushMs?: number;
  readonly wsOptions?: Partial<Omit<KrakenWsClientOptions, 'url' | 'getToken'>>;
  readonly keepCandles?: number;
}

/**
 * The dashboard's own public connection: the instrument channel gives the universe (with each
 * pair's price and lot precision), tickers and 1 min ohlc (volume) for every pair feed the
 * MarketBoard and its market watch, and ohlc at the session timeframe gives the Pair page's
 * candles for the session's pairs. It is separate from
 * the runner's trade feed, so the dashboard can never slow down or disturb trading.
 */
export class MarketFeed {
  readonly board: MarketBoard;
  readonly client: KrakenWsClient;
  /** Frames the client could not use (unknown messages, schema mismatches), by kind. */
  readonly unknownFrames: Record<string, number> = {};
  private readonly candles = new Map<string, CandleRow[]>();
  private readonly candleListeners = new Set<(pair: string, c: CandleRow) => void>();
  private timer: NodeJS.Timeout | undefined;
  private readonly tickerSymbols = new Set<string>();

  constructor(readonly options: MarketFeedOptions) {
    this.board = new MarketBoard(options);
    this.client = new KrakenWsClient({ staleAfterMs: 60_000, ...options.wsOptions, url: options.wsPublicUrl });
  }

  get state(): ConnectionState {
    return this.client.state;
  }

  start(): void {
    const c = this.client;
    c.on('instrument', (m) => {
      this.board.setUniverse(m.data.pairs, Date.now());
      const fresh = this.board.symbols().filter((s) => !this.tickerSymbols.has(s)); // a listing added later gets its ticker too
      for (const s of fresh) this.tickerSymbols.add(s);
      if (fresh.length) c.subscribe({ channel: 'ticker', symbol: fresh });
      // Volume for the watch, as WatchFeed subscribes it (the pinned pairs' candles already come at 1 min when that is the session's timeframe).
      const volume = this.options.candleInterval === VOLUME_OHLC_INTERVAL ? fresh.filter((s) => !this.options.pinned.includes(s)) : fresh;
      if (volume.length) c.subscribe({ channel: 'ohlc', symbol: volume, interval: VOLUME_OHLC_INTERVAL });
    });
    c.on('ticker', (m) => {
      const at = Date.now();
      for (const d of m.data) this.board.onTicker(d, at);
    });
    c.on('ohlc', (m) => {
      const at = Date.now();
      for (const d of m.data) {
        if (d.interval === VOLUME_OHLC_INTERVAL && !this.board.onOhlc(d, m.timestamp, at)) this.unknownFrames['unusable ohlc'] = (this.unknownFrames['unusable ohlc'] ?? 0) + 1;
        if (d.interval === this.options.candleInterval) this.addCandle(d.symbol, { time: Date.parse(d.interval_begin), open: d.open, high: d.high, low: d.low, close: d.close, volume: d.volume });
      }
    });
    c.on('protocol_error', (e) => {
      this.unknownFrames[e.kind] = (this.unknownFrames[e.kind] ?? 0) + 1;
    });
    c.connect();
    c.subscribe({ channel: 'instrument' });
    if (this.options.pinned.length) c.subscribe({ channel: 'ohlc', symbol: [...this.options.pinned], interval: this.options.candleInterval });
    this.timer = setInterval(() => this.board.flush(), this.options.flushMs ?? this.board.watchOptions.scoutFlushMs);
    this.timer.unref();
  }

  candlesOf(pair: string): readonly CandleRow[] {
    return this.candles.get(pair) ?? [];
  }

  onCandle(fn: (pair: string, c: CandleRow) => void): () => void {
    this.candleListeners.add(fn);
    return () => this.candleListeners.delete(fn);
  }

  private addCandle(pair: string, c: CandleRow): void {
    if (!Number.isFinite(c.time)) return;
    let list = this.candles.get(pair);
    if (!list) this.candles.set(pair, (list = []));
    const last = list[list.length - 1];
    if (last && last.time === c.time) list[list.length - 1] = c;
    else if (!last || c.time > last.time) list.push(c);
    else return; // an older candle (snapshot overlap): already have it
    if (list.length > (this.options.keepCandles ?? 1000)) list.shift();
    for (const fn of this.candleListeners) fn(pair, c);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.client.close();
  }
}
